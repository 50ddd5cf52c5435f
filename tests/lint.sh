#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make lint` runs: the builds with every warning an error, sparse and
# cppcheck.  Each step prints the command it runs; its whole output goes to
# tests/out/lint/STEP.log and is shown when the step fails.  A step fails on
# a non-zero exit or on any "warning:" or "error:" in its output (modpost's
# and the assembler's warnings are not errors otherwise).  All steps run;
# the last line names those that failed, and the exit status is non-zero if
# any did.
#
#   hyp              make -C hyp: the EL2 binary (-Wall -Wextra -Werror)
#   module-SERIES    vhyp.ko with W=1 and KCFLAGS=-Werror
#   sparse-SERIES    the same build with C=2 CHECK=sparse CF=-Wsparse-error
#   cppcheck         driver/, hyp/, tools/vhypctl/, tools/channel/, tools/virtio/,
#                    tools/inmates/ sources
#   tools            make -C tools and tools/inmates (-Wall -Wextra -Werror)
#   unit             make -C tests/unit: the host test programs (the same)
#
# SERIES is each kernel in .cache/kernel/ among LINT_KSERIES (default:
# KSERIES if given, else "6.1 6.12 6.12-rt"; one not in the cache is
# skipped), or "kdir" when KDIR is given (make lint KDIR=...; on an arm64
# host KDIR defaults to the running kernel's headers).  The module is built
# in a copy of its sources, tests/out/lint/build-SERIES/: Kbuild before 6.13
# writes objects next to the sources, and the W=1 objects must neither
# replace the tree's own build nor race with it.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/tests/out/lint
mkdir -p "$out"
cd "$top" || exit 1

if [ "$(uname -m)" = aarch64 ]; then
	: "${CROSS_COMPILE=}"
	[ -n "${KDIR:-}" ] || KDIR=/lib/modules/$(uname -r)/build
else
	: "${CROSS_COMPILE=aarch64-linux-gnu-}"
fi
export CROSS_COMPILE

passed=()
failed=()
start=$SECONDS

# step NAME COMMAND...: run one check, its output into $out/NAME.log;
# what it prints is $show if set, else the command
step() {
	local name=$1 log=$out/$1.log t=$SECONDS rc
	shift
	echo "lint: $name: ${show:-$*}"
	# fd 3: the terminal, for a step that prints more than one command
	"$@" 3>&1 > "$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && ! grep -qiE 'warning:|error:' "$log"; then
		passed+=("$name")
		return 0
	fi
	sed 's/^/  | /' "$log"
	echo "lint: $name: FAILED (exit $rc, $((SECONDS - t)) s; output in ${log#"$top"/})"
	failed+=("$name")
	return 1
}

# quote WORD...: the words as a shell would need them, to show a command
quote() {
	local w
	for w; do
		case $w in
		*[!A-Za-z0-9_./=,+-]*) printf "'%s' " "$w" ;;
		*) printf '%s ' "$w" ;;
		esac
	done
}

# need PROGRAM NAME: fail step NAME if PROGRAM is not installed
need() {
	command -v "$1" > /dev/null && return 0
	echo "lint: $2: FAILED: $1 is not installed; run 'make setup'"
	failed+=("$2")
	return 1
}

# The module's sources (what DKMS copies too, and the EL2 binary it
# embeds) into DIR, with their times, so that a second run rebuilds only
# what changed.  Sources deleted from the tree go from the copy as well.
copy_module() {	# copy_module DIR
	local dir=$1
	mkdir -p "$dir"
	find "$dir" -type f \( -name '*.[chS]' -o -name '*.lds' -o -name Kbuild \
		-o -name Makefile -o -name vhyp-hyp.bin \) ! -name '*.mod.c' -delete
	{ echo Kbuild; echo hyp/out/vhyp-hyp.bin
	  find driver hyp uapi -path hyp/out -prune -o -type f \
		\( -name '*.[chS]' -o -name '*.lds' -o -name Makefile \) -print
	} | tar -cf - -T - | tar -C "$dir" -xf -
}

# module SERIES KDIR: the W=1 build and sparse against one kernel's headers
module() {
	local series=$1 kdir=$2 dir=$out/build-$1
	local kmake=(make -k -C "$kdir" M="$dir" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE"
		     W=1 KCFLAGS=-Werror)

	if [ ! -d "$kdir" ]; then
		echo "lint: module-$series: FAILED: no kernel headers in $kdir"
		failed+=("module-$series")
		return
	fi
	copy_module "$dir"
	if ! step "module-$series" "${kmake[@]}" modules; then
		echo "lint: sparse-$series: not run: module-$series failed"
		return
	fi
	# C=2 checks every file, compiled now or not; the flags are those of
	# the build above, so nothing is compiled again.
	need sparse "sparse-$series" &&
		step "sparse-$series" "${kmake[@]}" C=2 CHECK=sparse CF=-Wsparse-error modules
}

# cppcheck, one run per part with that part's include paths (the kernel's
# headers are not needed), all with these options:
# - arithOperationsOnVoidPointer is off: vhyp is GNU C (-std=gnu11), where
#   arithmetic on void * is defined (as on char *) and is kernel idiom.
# - asm(reg) is defined away: cppcheck 2.10 splits an explicit register
#   variable, "register u64 x0 asm("x0") = r[0];", into a declaration and
#   a statement "= r[0];" that it reports as unused (constStatement).
#   Only that form is written "asm("; inline assembly is "asm volatile(".
cppcheck_opts=('--enable=warning,portability,performance' --error-exitcode=1
	--inline-suppr -q --std=c11 --suppress=missingIncludeSystem
	--suppress=arithOperationsOnVoidPointer '-Dasm(reg)='
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]')

cppcheck_part() {	# cppcheck_part 'GLOB' OPTION...
	local glob=$1 files
	shift
	echo "      $* $glob" >&3
	mapfile -t files < <(compgen -G "$glob" | sort)
	cppcheck "${cppcheck_opts[@]}" "$@" "${files[@]}"
}

cppcheck_all() {
	local rc=0
	cppcheck_part 'driver/*.c' -Iuapi || rc=1
	cppcheck_part 'hyp/*.c' -Ihyp/include -Ihyp/include/shim -Iuapi || rc=1
	cppcheck_part 'tools/vhypctl/*.c' --library=posix -Itools/channel -Itools/virtio -Iuapi || rc=1
	cppcheck_part 'tools/channel/*.c' --library=posix -Iuapi || rc=1
	cppcheck_part 'tools/virtio/*.c' --library=posix -Iuapi || rc=1
	cppcheck_part 'tools/inmates/*/*.c' -Itools/inmates/lib -Itools/channel -Iuapi || rc=1
	return $rc
}

step hyp make -C "$top" hyp
if [ ${#failed[@]} -eq 0 ]; then
	if [ -n "${KDIR:-}" ]; then
		module kdir "$KDIR"
	else
		found=
		for s in ${LINT_KSERIES:-${KSERIES:-6.1 6.12 6.12-rt}}; do
			kdir=
			for d in "$top/.cache/kernel/$s"/usr/src/linux-headers-*; do
				case $d in *-common | *-common-rt | *'*') ;; *) kdir=$d; break ;; esac
			done
			if [ -z "$kdir" ]; then
				echo "lint: module-$s: skipped: no kernel $s in .cache/kernel (tools/setup.sh $s)"
				continue
			fi
			found=1
			module "$s" "$kdir"
		done
		if [ -z "$found" ]; then
			echo "lint: module: FAILED: no kernel headers in .cache/kernel; run 'make setup'"
			failed+=(module)
		fi
	fi
else
	echo "lint: module, sparse: not run: the EL2 binary did not build"
fi
need cppcheck cppcheck &&
	show="cppcheck $(quote "${cppcheck_opts[@]}")..." step cppcheck cppcheck_all
step tools make -C "$top" tools inmates
step unit make -C tests/unit

time=$((SECONDS - start))
if [ ${#failed[@]} -gt 0 ]; then
	echo "lint: FAILED: ${failed[*]} (passed: ${passed[*]:-none}; $time s)"
	exit 1
fi
echo "lint: all passed: ${passed[*]} ($time s)"
