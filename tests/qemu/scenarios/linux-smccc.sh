#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux in a cell sees the CPU as the root does where it matters for its
# mitigations (issue 13): Debian's kernel (the root's own) boots in a
# two-CPU cell (tools/configs/qemu-virt/linux.dts) and prints
# /sys/devices/system/cpu/vulnerabilities/* and the lines of its kernel
# log about the SMC Calling Convention, Spectre and errata.  Its
# vulnerabilities must be the root's, file by file, as the root reads them
# before vhyp is enabled and while it is; it must be told SMCCC 1.1 (the
# hypervisor's, whatever the firmware has), and detect the same Spectre
# variants and errata as the root.
#
#   linux-smccc KERNEL      a file in /lib/vhyp-tests

. /lib/vhyp-tests/lib.sh

kernel=$VHYP_TESTS/$1
cfg=$VHYP_TESTS/configs/qemu-virt
initrd=$VHYP_TESTS/linux-cell.cpio.gz
# the kernel log lines compared: mitigations, errata, what the firmware offers
KMSG='SMC Calling Convention|Spectre|SSBS|Meltdown|[Ee]rratum|[Mm]itigation|ARCH_WORKAROUND'

vulns() {
	local f
	for f in /sys/devices/system/cpu/vulnerabilities/*; do
		echo "${f##*/}: $(cat "$f")"
	done
}
waitcount() { console_wait linux "$1" "$2" 120; }	# N TEXT: N lines with TEXT (120 s)
# kmsg: the compared lines of a kernel log on stdin, without their time stamps
kmsg() { sed -n 's/^\[ *[0-9.]*\] //p' | grep -E "$KMSG" | grep -v 'SMC Calling Convention' | sort -u; }

plan 14
dmesg_mark
vulns >/tmp/vulns.root
dmesg | kmsg >/tmp/kmsg.root
root_smccc=$(dmesg | sed -n 's/.*psci: SMC Calling Convention \(v[0-9.]*\).*/\1/p' | head -n 1)
t_ok "the root has vulnerabilities to compare" test -s /tmp/vulns.root
t_ok "insmod vhyp.ko" vhyp_insmod || t_abort "vhyp.ko did not load"
t_ok "vhypctl enable" vhypctl enable || t_abort "vhyp could not be enabled"
t_is "the root's vulnerabilities are the same while vhyp is enabled" \
	"$(vulns | diff /tmp/vulns.root - && echo same)" same

t_ok "Linux boots in a cell of two CPUs" sh -c "vhypctl create $cfg/linux.dtb &&
	vhypctl load linux --kernel $kernel --initrd $initrd --cmdline 'console=ttyAMA0 quiet panic=-1' &&
	vhypctl start linux"
t_ok "it reaches its userspace" waitcount 1 "LINUX-CELL: ready"
# (its console keeps 12 KiB: the lines compared only)
cmd="run dmesg | grep -E '$KMSG' | sed 's/^/KMSG /';"
cmd="$cmd for f in /sys/devices/system/cpu/vulnerabilities/*; do"
cmd="$cmd echo \"VULN \${f##*/}: \$(cat \$f)\"; done"
printf '%s\n' "$cmd" | vhypctl console linux --attach --linger 1 >/dev/null 2>&1
t_ok "it prints its vulnerabilities and kernel log" waitcount 1 "LINUX-CELL: done"
out=$(vhypctl console linux 2>/dev/null | tr -d '\r')
printf '%s\n' "$out" | sed -n 's/^VULN //p' >/tmp/vulns.cell
printf '%s\n' "$out" | sed -n 's/^KMSG //p' | kmsg >/tmp/kmsg.cell
echo "the root's:"; cat /tmp/vulns.root /tmp/kmsg.root
echo "the cell's:"; cat /tmp/vulns.cell /tmp/kmsg.cell
t_is "as many vulnerability files as the root" "$(wc -l </tmp/vulns.cell)" "$(wc -l </tmp/vulns.root)"
t_is "the cell's vulnerabilities are the root's, file by file" \
	"$(diff /tmp/vulns.root /tmp/vulns.cell && echo same)" same
t_like "it is told SMCCC 1.1 (the root's firmware: $root_smccc)" "$out" \
	'^KMSG \[ *[0-9.]*\] psci: SMC Calling Convention v1\.1'
t_is "it detects the same Spectre variants, errata and mitigations as the root" \
	"$(diff /tmp/kmsg.root /tmp/kmsg.cell && echo same)" same
t_ok "destroy the cell" vhypctl destroy linux
t_ok "vhypctl disable" vhypctl disable
dmesg_clean
t_done
