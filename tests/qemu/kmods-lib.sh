# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the scripts that build initramfs images (initramfs.sh for the
# root, tests/linux-cell/mkinitrd.sh for a Linux cell).  Before sourcing,
# set $top (the repository), $series (6.1, 6.12, 6.12-rt or empty: 6.1) and
# define die().
#
#   check_vermagic KO        warn when KO was built for another series
#   kmods_stage DIR LIST...  modules of Debian's kernel image package, from
#                            .cache/kernel/SERIES/lib/modules/*/kernel/,
#                            into DIR: NAME.ko for each and its
#                            dependencies, and NAME.chain, the modules to
#                            insmod for NAME in load order.  LIST: module
#                            names separated by spaces or commas, or @FILE
#                            with names one a line (# comments).

# A module built for another kernel fails at insmod with a terse "Invalid
# module format"; say why here, where the host still knows both sides.
# The release a series stands for is the name its link in .cache/kernel/
# points at (tools/setup.sh), which is the kernel's uname -r: a prefix
# would take 6.12-rt's modules for 6.12's.
check_vermagic() {
	local ko=$1 magic want
	[ -n "$series" ] || return 0
	# (6.12's test modules carry their vermagic twice: the first will do)
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null | head -n 1 | cut -d" " -f1)
	want=$(readlink "$top/.cache/kernel/$series" 2>/dev/null) || want=$series
	case $magic in
	"$want"|"") ;;
	*) echo "${0##*/}: warning: $ko is for kernel $magic, not $series ($want)" >&2 ;;
	esac
}

# Debian's tree in .cache/ has no modules.dep (depmod never ran there), so
# the dependencies come from each module's own modinfo, which reads arm64
# modules on any host, compressed or not.  Compressed modules are
# decompressed here: busybox insmod may not read them.
kmods_stage() {
	local dir=$1 mtree names l m f b src chain
	shift
	mtree=$(ls -d "$top/.cache/kernel/${series:-6.1}/lib/modules/"*/ 2>/dev/null | head -n 1)
	[ -n "$mtree" ] && [ -d "$mtree/kernel" ] ||
		die "--kmods: no modules in .cache/kernel/${series:-6.1}/lib/modules/; run tools/setup.sh ${series:-6.1}"
	# modinfo and the decompressors live in /sbin and /usr/bin
	PATH=$PATH:/sbin:/usr/sbin
	declare -A kpath=() kbuiltin=() kdone=()
	# (no $(_kmod_norm) in these two loops: a fork per module of the tree)
	while IFS= read -r f; do
		b=${f##*/}
		b=${b%%.ko*}
		kpath[${b//-/_}]=$f
	done < <(find "$mtree/kernel" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')
	if [ -f "$mtree/modules.builtin" ]; then
		while IFS= read -r f; do
			b=${f##*/}
			b=${b%.ko}
			kbuiltin[${b//-/_}]=1
		done <"$mtree/modules.builtin"
	fi
	mkdir -p "$dir"
	names=
	for l in "$@"; do
		case $l in
		@*)	[ -f "${l#@}" ] || die "--kmods: no list file ${l#@}"
			names="$names $(sed 's/#.*//' "${l#@}" | tr ',' ' ')" ;;
		*)	names="$names $(echo "$l" | tr ',' ' ')" ;;
		esac
	done
	for m in $names; do
		chain=$(_kmod_chain "$m" "") || exit 1
		# the chain file names the modules without .ko, as insmod wants
		# them from DIR
		for f in $chain; do
			b=${f%%.ko*}
			echo "$b"
			[ -f "$dir/$b.ko" ] && continue
			src=${kpath[${b//-/_}]}
			case $src in
			*.ko.xz)  xz -dc "$src" ;;
			*.ko.zst) zstd -qdc "$src" ;;
			*.ko.gz)  gzip -dc "$src" ;;
			*)        cat "$src" ;;
			esac >"$dir/$b.ko" || die "--kmods: cannot decompress $src"
			check_vermagic "$dir/$b.ko"
		done >"$dir/$m.chain"
	done
}

# _kmod_chain NAME STACK: print NAME's dependencies, then NAME, each once
# (kdone), as file names; STACK catches a dependency cycle.  Module names
# treat - and _ alike; the kernel writes _.
_kmod_chain() {
	local n=${1//-/_} p d deps
	[ -z "${kdone[$n]:-}" ] || return 0
	case " $2 " in *" $n "*) die "--kmods: dependency cycle: $2 $n" ;; esac
	p=${kpath[$n]:-}
	if [ -z "$p" ]; then
		[ -n "${kbuiltin[$n]:-}" ] && { kdone[$n]=builtin; return 0; }
		die "--kmods: no module $1 in ${mtree#"$top"/}kernel/, nor built in"
	fi
	deps=$(modinfo -F depends "$p" | tr ',' ' ')
	# "pre:" softdeps that are modules of their own (crc-t10dif's
	# crct10dif is a crypto alias, not a module: left out)
	for d in $(modinfo -F softdep "$p" | sed -n 's/.*pre: *\([^:]*\)\( post:.*\)\{0,1\}$/\1/p'); do
		[ -n "${kpath[${d//-/_}]:-}" ] && deps="$deps $d"
	done
	for d in $deps; do
		_kmod_chain "$d" "$2 $n"
	done
	kdone[$n]=${p##*/}
	echo "${p##*/}"
}
