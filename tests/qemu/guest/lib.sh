# SPDX-License-Identifier: GPL-2.0
#
# Test helpers for scenarios running inside the QEMU guest (busybox sh).
# Source it:  . /lib/vhyp-tests/lib.sh
#
# Output protocol (read by tests/qemu/run.sh on the host):
#   "TAP: <line>"        one TAP line; the host strips "TAP: " and numbers
#                        the tests itself, so the numbers here are only for
#                        a human reading the console log
#   "VHYP-TESTS-DONE"    the scenario got to its end (printed by t_done);
#                        without it the host reports the run as cut short
# Everything else on the console (command output, kernel messages) goes to
# the log only.
#
# Helpers, each one TAP test unless said otherwise:
#   plan N                 announce N tests (optional: t_done prints the
#                          plan if none was announced; with a plan, the
#                          host checks that exactly N tests ran)
#   t_ok DESC CMD...       ok if CMD exits 0; its output goes to the log as
#                          it comes, and its tail into TAP comments if it
#                          failed; CMD may be a shell function
#   t_fails DESC CMD...    ok if CMD exits non-zero (a refusal expected)
#   t_is DESC GOT WANT     ok if the strings are equal
#   t_like DESC TEXT ERE   ok if TEXT matches the extended regex ERE
#   t_unlike DESC TEXT ERE ok if TEXT does not match ERE
#   t_step CMD...          for demos: show "root@vhyp:~# CMD" as if typed
#                          at a shell, run CMD with its output straight on
#                          the console; ok if it exits 0
#   t_skip DESC REASON     ok, marked "# SKIP REASON"
#   t_pass DESC / t_fail DESC [WHY...]   a result decided by the caller
#   t_grew DESC BEFORE AFTER MIN   ok if AFTER - BEFORE >= MIN (counters)
#   t_vhyp DESC CMD...     t_ok, but a skip when VHYP_BARE=1: a scenario
#                          that can run "bare" (its steps that need vhyp
#                          skipped, to show the rest passes without it)
#                          sets VHYP_BARE from its own arguments, which only
#                          a run by hand gives
#   dmesg_mark             no test: remember "now" in the kernel log
#   dmesg_clean [DESC]     ok if the kernel log since the last dmesg_mark
#                          (since boot without one) has no WARNING, BUG,
#                          Oops, Call trace, kernel panic, "Unable to
#                          handle" or RCU stall line
#   t_diag TEXT...         no test: a TAP comment
#   t_abort WHY            no test: give up the scenario (t_done + exit 1);
#                          with a plan the host reports the tests not run
#   t_done                 no test: plan (if not announced) and the marker;
#                          returns 1 if any test failed, else 0
# Other helpers:
#   mem_available_kb       MemAvailable of /proc/meminfo, in kB
#   settled_kb             the same once the page cache is dropped (sync,
#                          drop_caches, 1 s), which is most of the noise
#                          between two readings
#   free_kb                MemFree plus the pages on the per-CPU free lists
#                          (/proc/zoneinfo), which MemFree leaves out: a
#                          freed 2 MiB block may wait there; after a sync
#                          and drop_caches.  Steadier than MemAvailable
#   mem_back BEFORE AFTER KB   exit 0 if AFTER (kB) is at most KB below
#                          BEFORE (more memory afterwards is fine); says both
#   uptime_cs              /proc/uptime in centiseconds (busybox date has
#                          no %N, so this is the finest clock we have)
#   online_cpus            the online CPUs, one number per line
#   irq_count IRQ [CPU]    interrupts Linux IRQ number IRQ has taken, on
#                          CPU or on all CPUs (/sys/kernel/irq/IRQ/
#                          per_cpu_count: every possible CPU, also one
#                          offline, which /proc/interrupts leaves out)
#   json_get KEY           first value of "KEY" in the JSON on stdin, as
#                          written (numbers, true/false, "strings" quoted)
#   vhyp_insmod            insmod $VHYP_KO and wait for /dev/vhyp (no test)
#   kmod_load NAME...      insmod a module of Debian's kernel package that
#                          the initramfs carries (run.sh --kmods, --nvme,
#                          --nic): /lib/modules-extra/NAME.chain lists it
#                          after its dependencies; those already loaded are
#                          skipped.  Exit 1 with a sentence if one is
#                          missing or refuses to load (no test)
#
# The helpers never exit on a failed test: a scenario keeps going so that
# one run reports every problem; use t_abort when going on is pointless.

VHYP_TESTS=/lib/vhyp-tests
VHYP_KO=$VHYP_TESTS/vhyp.ko
PATH=$PATH:$VHYP_TESTS

_t_n=0			# tests so far
_t_failed=0		# of which failed
_t_plan=		# announced plan, if any
_t_mark=		# text of the last dmesg_mark, if any
_t_out=/tmp/.t_out.$$	# output of the command under test
_t_fifo=/tmp/.t_fifo.$$	# and the pipe it goes through

plan() {
	_t_plan=$1
	echo "TAP: 1..$1"
}

t_diag() {
	echo "TAP: # $*"
}

# _t_result OK|"not ok" DESC: print one result line and count it.
_t_result() {
	_t_n=$((_t_n + 1))
	[ "$1" = ok ] || _t_failed=$((_t_failed + 1))
	echo "TAP: $1 $_t_n - $2"
}

# _t_tail FILE: the last lines of FILE as TAP comments (they are in the
# log in full already).
_t_tail() {
	tail -n 15 "$1" | while IFS= read -r l; do echo "TAP: #   $l"; done
}

t_pass() {
	_t_result ok "$1"
}

t_fail() {
	local desc=$1
	shift
	_t_result "not ok" "$desc"
	[ $# -eq 0 ] || t_diag "  $*"
	return 1
}

t_skip() {
	_t_result ok "$1 # SKIP $2"
}

t_grew() {
	if [ $(($3 - $2)) -ge "$4" ]; then
		_t_result ok "$1 ($(($3 - $2)), at least $4)"
		return 0
	fi
	_t_result "not ok" "$1"
	t_diag "  grew by $(($3 - $2)) ($2 -> $3), want at least $4"
	return 1
}

VHYP_BARE=0
t_vhyp() {
	if [ "$VHYP_BARE" = 1 ]; then
		t_skip "$1" "bare run: vhyp is not enabled"
		return 0
	fi
	t_ok "$@"
}

# Run the command in this shell (a function may set variables), its output
# going through a FIFO to the console, indented, as it comes: so that it is
# in the log even if the command hangs, and never mistaken for protocol
# lines or for kernel messages by the host.  A copy is kept for the TAP
# comments of a failure.  (A command that leaves a process behind holding
# its output open would stall this; none of ours does.)
_t_run() {	# _t_run WANT(0|fail) DESC CMD...
	local want=$1 desc=$2 rc
	shift 2
	echo "+ $*"
	rm -f "$_t_fifo"
	mkfifo "$_t_fifo"
	tee "$_t_out" <"$_t_fifo" | sed 's/^/  | /' &
	"$@" >"$_t_fifo" 2>&1
	rc=$?
	wait $!
	rm -f "$_t_fifo"
	if { [ "$want" = 0 ] && [ $rc -eq 0 ]; } ||
	   { [ "$want" = fail ] && [ $rc -ne 0 ]; }; then
		_t_result ok "$desc"
		rm -f "$_t_out"
		return 0
	fi
	_t_result "not ok" "$desc"
	t_diag "  command: $*"
	t_diag "  exit status: $rc"
	_t_tail "$_t_out"
	rm -f "$_t_out"
	return 1
}

t_ok() {
	local desc=$1
	shift
	_t_run 0 "$desc" "$@"
}

t_fails() {
	local desc=$1
	shift
	_t_run fail "$desc" "$@"
}

t_is() {
	if [ "$2" = "$3" ]; then
		_t_result ok "$1"
		return 0
	fi
	_t_result "not ok" "$1"
	t_diag "  got:  '$2'"
	t_diag "  want: '$3'"
	return 1
}

t_like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		_t_result ok "$1"
		return 0
	fi
	_t_result "not ok" "$1"
	t_diag "  no match for /$3/ in:"
	printf '%s\n' "$2" | head -n 15 | while IFS= read -r l; do t_diag "    $l"; done
	return 1
}

t_unlike() {
	if ! printf '%s\n' "$2" | grep -Eq -- "$3"; then
		_t_result ok "$1"
		return 0
	fi
	_t_result "not ok" "$1"
	t_diag "  unexpected match for /$3/:"
	printf '%s\n' "$2" | grep -E -- "$3" | head -n 15 |
		while IFS= read -r l; do t_diag "    $l"; done
	return 1
}

t_step() {
	local rc
	echo
	echo "root@vhyp:~# $*"
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		_t_result ok "$*"
	else
		_t_result "not ok" "$* (exit status $rc)"
	fi
	return $rc
}

# The mark goes through /dev/kmsg so that it sits in the kernel log itself,
# in order with the messages around it, whatever the ring buffer drops.
dmesg_mark() {
	_t_mark="vhyp-tests: mark $$.$_t_n.$(uptime_cs)"
	echo "$_t_mark" >/dev/kmsg
}

# What counts as a kernel problem; run.sh looks for the same on the console.
DMESG_BAD='WARNING:|BUG:|Oops|Call trace:|Kernel panic|Unable to handle|rcu: INFO:.*detected stall'

dmesg_clean() {
	local desc=${1:-kernel log clean} since bad
	if [ -n "$_t_mark" ]; then
		since=$(dmesg | sed -n "/$_t_mark/,\$p")
		desc="$desc (since mark)"
	else
		since=$(dmesg)
	fi
	bad=$(printf '%s\n' "$since" | grep -E "$DMESG_BAD")
	if [ -z "$bad" ]; then
		_t_result ok "$desc"
		return 0
	fi
	_t_result "not ok" "$desc"
	printf '%s\n' "$bad" | head -n 15 | while IFS= read -r l; do t_diag "  $l"; done
	return 1
}

t_abort() {
	t_diag "aborting the scenario: $*"
	t_done
	exit 1
}

t_done() {
	[ -n "$_t_plan" ] || echo "TAP: 1..$_t_n"
	t_diag "$_t_n tests, $_t_failed failed"
	echo "VHYP-TESTS-DONE"
	[ "$_t_failed" -eq 0 ]
}

mem_available_kb() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

settled_kb() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	mem_available_kb
}

free_kb() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	{
		awk '/^MemFree:/ { print $2 }' /proc/meminfo
		awk '/^ +count:/ { n += $2 } END { print n * 4 }' /proc/zoneinfo
	} | awk '{ t += $1 } END { print t }'
}

mem_back() {
	echo "MemAvailable: $1 kB before, $2 kB after ($(($2 - $1)) kB), $3 kB allowed below"
	[ "$2" -ge $(($1 - $3)) ]
}

uptime_cs() {
	local up
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*\(.\)/\1/'
}

online_cpus() {
	tr ',' '\n' </sys/devices/system/cpu/online |
		awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }'
}

irq_count() {
	if [ -n "${2:-}" ]; then
		cut -d, -f$(($2 + 1)) "/sys/kernel/irq/$1/per_cpu_count"
	else
		tr ',' '\n' <"/sys/kernel/irq/$1/per_cpu_count" | awk '{ t += $1 } END { print t + 0 }'
	fi
}

json_get() {
	grep -o "\"$1\"[[:space:]]*:[[:space:]]*\(\"[^\"]*\"\|[^,}[:space:]]*\)" |
		head -n 1 | sed 's/^[^:]*:[[:space:]]*//'
}

vhyp_insmod() {
	local i=0
	[ -f "$VHYP_KO" ] || { echo "no $VHYP_KO in the initramfs (was vhyp.ko built?)"; return 1; }
	insmod "$VHYP_KO" "$@" || return 1
	# the driver may register the device after its init returns: allow 5 s
	while [ ! -c /dev/vhyp ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -c /dev/vhyp ] || { echo "insmod succeeded but /dev/vhyp did not appear"; return 1; }
}

KMODS=/lib/modules-extra

kmod_load() {
	local name chain m
	for name in "$@"; do
		chain=$KMODS/$name.chain
		[ -f "$chain" ] || chain=$KMODS/$(echo "$name" | tr _ -).chain
		[ -f "$chain" ] || chain=$KMODS/$(echo "$name" | tr - _).chain
		[ -f "$chain" ] || {
			echo "kmod_load: no $KMODS/$name.chain: boot with run.sh --kmods $name"
			return 1
		}
		while IFS= read -r m; do
			# /sys/module has the name with underscores once loaded
			[ -d "/sys/module/$(echo "$m" | tr - _)" ] && continue
			insmod "$KMODS/$m.ko" ||
				{ echo "kmod_load: insmod $m.ko (for $name) failed"; return 1; }
		done <"$chain"
	done
}

# ---- physical memory, as the root's kernel reaches it (memprobe.ko)

MEMPROBE=$VHYP_TESTS/memprobe.ko
_probes=0

# probe WANT [PARAM...]: load memprobe with PARAMs (none: a page of its
# own); succeed if its verdict, the "memprobe:" line it logged, ends in
# WANT (ok or fault) and insmod agreed (loaded for ok, refused for fault).
# Only the lines after our own mark count, so that an insmod that failed
# before memprobe ran cannot pass on an older verdict.
probe() {
	local want=$1 mark rc verdict
	shift
	_probes=$((_probes + 1))
	mark="vhyp-tests: probe $_probes"
	echo "$mark" >/dev/kmsg
	insmod "$MEMPROBE" "$@"
	rc=$?
	grep -q '^memprobe ' /proc/modules && rmmod memprobe
	verdict=$(dmesg | sed -n "/$mark\$/,\$p" | grep 'memprobe: ' | tail -n 1)
	echo "insmod exit status $rc, verdict: ${verdict:-none}"
	case $want:$rc in
	ok:0|fault:[1-9]*) ;;
	*) return 1 ;;
	esac
	echo "$verdict" | grep -Eq "memprobe: (read|write) 0x[0-9a-f]+ $want"
}

# cell_pa CELL IPA: the physical address of a cell's IPA, from debugfs vhyp/memory
cell_pa() {
	local c r ipa p size
	while read -r c r ipa p size; do
		[ "$c" = "$1" ] && [ $(($2 >= ipa && $2 < ipa + size)) = 1 ] &&
			printf '0x%x\n' $(($2 - ipa + p)) && return 0
	done </sys/kernel/debug/vhyp/memory
	return 1
}

# ---- a cell's console and state

# console_count CELL TEXT: lines of CELL's console with TEXT
console_count() { vhypctl console "$1" 2>/dev/null | grep -c -- "$2"; }
# console_cmd CELL LINE: LINE typed on CELL's console, a command for its
# payload (chan-test, vio-test), whose answer is read later
console_cmd() { printf '%s\r' "$2" | vhypctl --quiet console "$1" --attach --linger 0.3 >/dev/null 2>&1; }
# cell_up CELL CONFIG PAYLOAD: CELL created from CONFIG, PAYLOAD loaded, started
cell_up() { vhypctl create "$2" && vhypctl load "$1" "$3" && vhypctl start "$1"; }
# cell_stat CELL FIELD: one field of vhypctl stats --json, without quotes
cell_stat() { vhypctl stats "$1" --json | json_get "$2" | tr -d '"'; }
# timer_reports CELL: how many lines of latency figures timer-demo has printed
timer_reports() { console_count "$1" '^timer-demo: [0-9]* irqs'; }
# console_wait CELL N TEXT SECS: until N lines of CELL's console have TEXT
console_wait() {
	local i=0
	while [ "$(console_count "$1" "$3")" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -gt "$4" ] && return 1
		sleep 1
	done
}

# ---- calls that may hang

# bounded SECS CMD...: CMD, given up after SECS seconds (exit 124), so that
# a call stuck in the driver (a mutex left locked by an oops) fails a test
# instead of hanging the boot; CMD's output comes when it is over.  A
# subshell, so that t_ok's $! (what it waits for) stays its own.
bounded() (
	secs=$1 i=0
	shift
	rm -f /tmp/bounded.rc /tmp/bounded.out
	# exec: a subshell's own redirection would keep t_ok's FIFO open in
	# a saved descriptor, and t_ok would wait for it
	(exec </dev/null >/dev/null 2>&1; "$@" >/tmp/bounded.out 2>&1;
	 echo $? >/tmp/bounded.rc.new; mv /tmp/bounded.rc.new /tmp/bounded.rc) &
	while [ ! -f /tmp/bounded.rc ] && [ $i -lt $((secs * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat /tmp/bounded.out
	if [ ! -f /tmp/bounded.rc ]; then
		echo "still running after $secs s: given up"
		exit 124
	fi
	exit "$(cat /tmp/bounded.rc)"
)
