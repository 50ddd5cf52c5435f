# SPDX-License-Identifier: GPL-2.0
#
# For .t files that check the console log after run.sh (47-reboot.t,
# 48-kexec.t): what the guest cannot report itself because it is gone
# (rebooted, or replaced by another kernel) by the time it would.
#
#   console_begin LOG RUN.SH-ARGS...  run run.sh, pass its TAP on but for
#                                     the plan; remembers LOG and the count
#   console_check DESC PATTERN...     ok if each PATTERN (a fixed string)
#                                     is on a console line after the one
#                                     before it
#   console_end                       the plan; exit 1 if anything failed
#
# CONSOLE_TODO_TIMEOUT=REASON makes run.sh's timeout a TODO test (the
# guest is known to hang at the end, for REASON), and the TAP of the guest
# that it then could not finish (the plan run.sh checks) too.

console_begin() {
	local out
	_c_log=$1
	shift
	out=$("$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@")
	_c_rc=$?
	if [ -n "${CONSOLE_TODO_TIMEOUT:-}" ]; then
		out=$(printf '%s\n' "$out" |
			sed "s/^\(not ok [0-9]* - \(QEMU timed out\|guest did not finish\).*\)$/\1 # TODO $CONSOLE_TODO_TIMEOUT/")
		_c_rc=0
		printf '%s\n' "$out" | grep '^not ok' | grep -qv '# TODO' && _c_rc=1
	fi
	_c_n=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
	_c_n=${_c_n:-0}
	printf '%s\n' "$out" | grep -v '^1\.\.[0-9]*$'
}

_c_in_order() {
	local from=0 at p
	for p in "$@"; do
		at=$(tail -n +$((from + 1)) "$_c_log" | grep -n -F -m 1 -- "$p" | cut -d: -f1)
		if [ -z "$at" ]; then
			echo "#   not found after console line $from: $p"
			return 1
		fi
		from=$((from + at))
	done
}

console_check() {
	local desc=$1
	shift
	_c_n=$((_c_n + 1))
	if _c_in_order "$@"; then
		echo "ok $_c_n - $desc"
	else
		echo "not ok $_c_n - $desc; console in tests/out/${_c_log##*/}"
		_c_rc=1
	fi
}

console_end() {
	echo "1..$_c_n"
	exit $_c_rc
}
