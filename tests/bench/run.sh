#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the benchmarks, in QEMU (cortex-a57, 4 CPUs, GICv3) under
# -icount shift=0,sleep=off, where one virtual nanosecond is one executed
# instruction, so the figures repeat from run to run and from machine to
# machine.  Prints a table (median, min, max of each figure) and writes
# it to tests/out/bench.md.
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

# name -> sorted values; median, min, max
stats() {
	grep -a "TAP: # BENCH $1 " "$log" | awk '{ print $5 }' | sort -n |
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
	echo "$reps repetitions each; console in ${log#"$top"/}."
} | tee "$table"
