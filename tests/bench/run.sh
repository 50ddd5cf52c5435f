#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the benchmarks, in QEMU (cortex-a57, 4 CPUs, GICv3) under
# -icount shift=0,sleep=off, where one virtual nanosecond is one executed
# instruction, so the figures repeat from run to run and from machine to
# machine.  Prints a table (median, min, max of each figure) and writes
# it to tests/out/bench.md.  The interrupt figures (timer-demo's latency,
# smp-demo's SGI round trip) are taken in cells and on the bare machine;
# the Linux-cell ones (boot to userspace, a CPU-bound and a syscall-heavy
# workload) in a cell running Debian's kernel and in the root before vhyp
# is enabled.
#
#   tests/bench/run.sh [REPS]
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
reps=${1:-5}
log=$top/tests/out/bench-root.log
table=$top/tests/out/bench.md

dtc -q -I dts -O dtb -o "$top/tests/out/cell-1g.dtb" "$top/tests/bench/cell-1g.dts"
VHYP_EXTRA_FILES="$top/tests/out/cell-1g.dtb" \
	"$top/tests/qemu/run.sh" --icount --timeout 1800 bench-root "$reps" || {
	echo "bench: the benchmark run failed; console in ${log#"$top"/}" >&2
	exit 1
}

# Interrupts: timer-demo and smp-demo in cells, then on the bare machine.
irqlog=$top/tests/out/bench-irqs.log
barelog=$top/tests/out/bench-bare.log
dtc -q -I dts -O dtb -o "$top/tests/out/cell-smp.dtb" "$top/tests/qemu/cell-smp.dts"
VHYP_EXTRA_FILES="$top/tests/out/cell-smp.dtb" \
	"$top/tests/qemu/run.sh" --icount --timeout 900 bench-irqs 12 || {
	echo "bench: the interrupt benchmark failed; console in ${irqlog#"$top"/}" >&2
	exit 1
}
# the same lines as bench-irqs.sh makes of a cell's console, for the bare runs
bare() {	# bare NAME PREFIX BENCHNAME
	"$top/tests/bench/baremetal.sh" --icount "$1" 10 | grep "^$2" | tail -n +3 |
		sed -n "s|.*min/avg/max = \([0-9]*\)/\([0-9]*\)/\([0-9]*\) ns.*|TAP: # BENCH $3_min_ns \1 ns\nTAP: # BENCH $3_avg_ns \2 ns\nTAP: # BENCH $3_max_ns \3 ns|p"
}
{ bare timer-demo "timer-demo: [0-9]* irqs" timer; bare smp-demo "smp-demo: cpu 1:" sgi_rtt; } >"$barelog"

# Linux in a cell: boot to userspace, workloads in the cell and in the bare root.
linuxlog=$top/tests/out/bench-linux.log
kernel=$(ls "$top"/.cache/kernel/6.1/boot/vmlinuz-* | head -n 1)
"$top/tests/linux-cell/mkinitrd.sh" "$top/tests/out/linux-cell.cpio.gz"
VHYP_EXTRA_FILES="$kernel $top/tests/out/linux-cell.cpio.gz" \
	"$top/tests/qemu/run.sh" --icount --timeout 1800 bench-linux "$(basename "$kernel")" "$reps" || {
	echo "bench: the Linux-cell benchmark failed; console in ${linuxlog#"$top"/}" >&2
	exit 1
}

# name [LOG] -> sorted values; median, min, max
stats() {
	grep -a "TAP: # BENCH $1 " "${2:-$log}" | awk '{ print $5 }' | sort -n |
		awk '{ v[NR] = $1 } END {
			if (!NR) { print "- - -"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR] }'
}

read -r en enmin enmax < <(stats enable_ns)
read -r dn dnmin dnmax < <(stats disable_ns)
read -r hc hcmin hcmax < <(stats hypercall_ns)
read -r off offmin offmax < <(stats workload_off_ns)
read -r on onmin onmax < <(stats workload_on_ns)
read -r cc ccmin ccmax < <(stats cell_create_ns)
read -r cl clmin clmax < <(stats cell_load_ns)
read -r cs csmin csmax < <(stats cell_start_ns)
read -r cd cdmin cdmax < <(stats cell_destroy_ns)
read -r cg cgmin cgmax < <(stats cell_create_1g_ns)
read -r lb _ _ < <(stats linux_boot_to_user_ns "$linuxlog")
read -r rc _ _ < <(stats root_cpu_ns "$linuxlog")
read -r lc _ _ < <(stats cell_cpu_ns "$linuxlog")
read -r rs _ _ < <(stats root_syscall_ns "$linuxlog")
read -r ls _ _ < <(stats cell_syscall_ns "$linuxlog")
for what in timer sgi_rtt; do
	for w in min avg max; do
		read -r "c_${what}_$w" _ _ < <(stats "${what}_${w}_ns" "$irqlog")
		read -r "b_${what}_$w" _ _ < <(stats "${what}_${w}_ns" "$barelog")
	done
done

{
	echo "| figure (QEMU virt, cortex-a57, 4 CPUs, -icount shift=0) | median | min | max |"
	echo "|---|---|---|---|"
	awk -v a="$en" -v b="$enmin" -v c="$enmax" 'BEGIN { printf "| vhypctl enable (ms) | %.2f | %.2f | %.2f |\n", a/1e6, b/1e6, c/1e6 }'
	awk -v a="$dn" -v b="$dnmin" -v c="$dnmax" 'BEGIN { printf "| vhypctl disable (ms) | %.2f | %.2f | %.2f |\n", a/1e6, b/1e6, c/1e6 }'
	awk -v a="$hc" -v b="$hcmin" -v c="$hcmax" 'BEGIN { printf "| empty hypercall round trip (ns = instructions) | %.0f | %.0f | %.0f |\n", a, b, c }'
	awk -v a="$off" -v b="$offmin" -v c="$offmax" 'BEGIN { printf "| root workload, vhyp disabled (ms) | %.1f | %.1f | %.1f |\n", a/1e6, b/1e6, c/1e6 }'
	awk -v a="$on" -v b="$onmin" -v c="$onmax" 'BEGIN { printf "| root workload, vhyp enabled (ms) | %.1f | %.1f | %.1f |\n", a/1e6, b/1e6, c/1e6 }'
	awk -v a="$on" -v b="$off" 'BEGIN { printf "| root workload slowdown (enabled / disabled - 1) | %+.2f %% | | |\n", (a/b - 1) * 100 }'
	ms() { awk -v n="$1" -v a="$2" -v b="$3" -v c="$4" 'BEGIN { printf "| %s (ms) | %.2f | %.2f | %.2f |\n", n, a/1e6, b/1e6, c/1e6 }'; }
	ms "vhypctl create, 64 MiB cell" "$cc" "$ccmin" "$ccmax"
	ms "vhypctl load (hello.bin)" "$cl" "$clmin" "$clmax"
	ms "vhypctl start" "$cs" "$csmin" "$csmax"
	awk -v a="$cc" -v b="$cl" -v c="$cs" 'BEGIN { printf "| create + load + start, 64 MiB (ms) | %.2f | | |\n", (a+b+c)/1e6 }'
	ms "vhypctl destroy, 64 MiB cell" "$cd" "$cdmin" "$cdmax"
	ms "vhypctl create, 1 GiB cell" "$cg" "$cgmin" "$cgmax"
	echo
	echo "| interrupts (ns = instructions; medians of per-second min/avg/max) | in a cell | bare machine | ratio of averages |"
	echo "|---|---|---|---|"
	echo "| timer-demo: virtual timer deadline to handler, min/avg/max | $c_timer_min/$c_timer_avg/$c_timer_max | $b_timer_min/$b_timer_avg/$b_timer_max | $(awk -v a="$c_timer_avg" -v b="$b_timer_avg" 'BEGIN { printf "%.1fx", a / b }') |"
	echo "| smp-demo: SGI round trip between two CPUs, min/avg/max | $c_sgi_rtt_min/$c_sgi_rtt_avg/$c_sgi_rtt_max | $b_sgi_rtt_min/$b_sgi_rtt_avg/$b_sgi_rtt_max | $(awk -v a="$c_sgi_rtt_avg" -v b="$b_sgi_rtt_avg" 'BEGIN { printf "%.1fx", a / b }') |"
	echo
	echo "| Linux (Debian 6.1) in a two-CPU cell | in the cell | in the root, vhyp not enabled | ratio |"
	echo "|---|---|---|---|"
	awk -v a="$lb" 'BEGIN { printf "| vhypctl start to its first userspace output (ms) | %.0f | | |\n", a / 1e6 }'
	awk -v a="$lc" -v b="$rc" 'BEGIN { printf "| CPU-bound: a shell loop of 200000 steps (ms) | %.0f | %.0f | %.3f |\n", a / 1e6, b / 1e6, a / b }'
	awk -v a="$ls" -v b="$rs" 'BEGIN { printf "| syscall-heavy: dd bs=1 count=200000, 400000 syscalls (ms) | %.0f | %.0f | %.3f |\n", a / 1e6, b / 1e6, a / b }'
	echo
	echo "$reps repetitions each; consoles in ${log#"$top"/}, ${irqlog#"$top"/} and ${linuxlog#"$top"/}."
	echo "The bare machine: the same payloads booted by QEMU directly (tests/bench/baremetal.sh)."
	echo "The counter runs at 62.5 MHz: latencies are multiples of 16 ns."
} | tee "$table"
