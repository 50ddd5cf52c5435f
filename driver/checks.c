// SPDX-License-Identifier: GPL-2.0
/*
 * Can vhyp take EL2 here?  Each refusal gets its own errno (documented in
 * uapi/vhyp/ioctl.h) and a sentence in the kernel log, so that vhypctl
 * can tell the user what to change.
 *
 * Everything is learned without unexported kernel symbols: ID registers,
 * the GIC's own state, the device tree, and a harmless HVC that Linux's
 * hyp stub and KVM answer differently.
 */
#include <linux/cpumask.h>
#include <linux/ioport.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_irq.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/cputype.h>
#include <asm/sysreg.h>
#include <asm/virt.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <vhyp/hypercall.h>
#include "vhyp.h"

/* ID register fields, by their architectural position (stable across kernels). */
#define PFR0_EL2(v)		(((v) >> 8) & 0xf)
#define PFR0_GIC(v)		(((v) >> 24) & 0xf)
#define MMFR0_PARANGE(v)	((v) & 0xf)
#define ICC_CTLR_EL1_EOIMODE	BIT(1)

static unsigned int pa_range_bits(unsigned int parange)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return parange < ARRAY_SIZE(bits) ? bits[parange] : 52;
}

int vhyp_check_machine(void)
{
	u64 pfr0 = read_sysreg(id_aa64pfr0_el1);
	struct device_node *gic;
	unsigned long ret;

	if (read_sysreg(CurrentEL) == CurrentEL_EL2) {
		pr_err("vhyp: Linux itself runs at EL2 (VHE), so EL2 is not free for vhyp; boot with id_aa64mmfr1.vh=0\n");
		return -EOPNOTSUPP;
	}
	if (!PFR0_EL2(pfr0)) {
		pr_err("vhyp: this CPU has no EL2 (or a hypervisor below Linux hides it)\n");
		return -ENODEV;
	}
	gic = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	of_node_put(gic);
	if (!gic || !PFR0_GIC(pfr0)) {
		pr_err("vhyp: the interrupt controller is not a GICv3 (with its system-register interface); vhyp needs one\n");
		return -ENXIO;
	}
	/* Linux splits EOI and deactivation exactly when it booted at EL2. */
	if (!(read_sysreg_s(SYS_ICC_CTLR_EL1) & ICC_CTLR_EL1_EOIMODE)) {
		pr_err("vhyp: Linux was started at EL1, so EL2 is out of its reach; the boot loader must start Linux at EL2\n");
		return -ENODEV;
	}
	/* An unknown stub call: the stub says HVC_STUB_ERR, KVM says -1. */
	ret = vhyp_hvc(VHYP_LINUX_HVC_STUB_NR, 0, 0, 0, 0, 0);
	if (ret != VHYP_LINUX_HVC_STUB_ERR) {
		pr_err("vhyp: EL2 is taken (by KVM, answer %#lx); boot with kvm-arm.mode=none\n", ret);
		return -EBUSY;
	}
	return 0;
}

static void read_mpidr(void *p)
{
	*(u64 *)p = read_cpuid_mpidr() & MPIDR_HWID_BITMASK;
}

/* MPIDR of every possible CPU: asked of the online ones, from the DT for the others. */
static int cpu_mpidrs(struct vhyp_platform *plat)
{
	unsigned int cpu;

	if (nr_cpu_ids > VHYP_MAX_CPUS) {
		pr_err("vhyp: %u possible CPUs, vhyp handles at most %u\n",
		       nr_cpu_ids, VHYP_MAX_CPUS);
		return -ENOSPC;
	}
	plat->ncpus = nr_cpu_ids;
	for_each_possible_cpu(cpu) {
		struct device_node *np;
		const __be32 *reg;
		int len;

		if (cpu_online(cpu)) {
			smp_call_function_single(cpu, read_mpidr, &plat->cpu_mpidr[cpu], 1);
			continue;
		}
		np = of_get_cpu_node(cpu, NULL);
		reg = np ? of_get_property(np, "reg", &len) : NULL;
		if (reg)
			plat->cpu_mpidr[cpu] = of_read_number(reg, of_n_addr_cells(np)) &
					       MPIDR_HWID_BITMASK;
		else
			plat->cpu_mpidr[cpu] = ~0ULL;	/* cannot be brought up under vhyp */
		of_node_put(np);
	}
	return 0;
}

/* The PL011 behind /chosen/stdout-path, for mirroring the console. */
static u64 console_uart(void)
{
	struct device_node *chosen, *np = NULL;
	const char *path;
	struct resource res;
	u64 base = 0;

	chosen = of_find_node_by_path("/chosen");
	if (chosen && !of_property_read_string(chosen, "stdout-path", &path))
		np = of_find_node_opts_by_path(path, NULL);
	if (np && of_device_is_compatible(np, "arm,pl011") && !of_address_to_resource(np, 0, &res))
		base = res.start;
	of_node_put(np);
	of_node_put(chosen);
	return base;
}

static u64 highest_resource_end(void)
{
	struct resource *r;
	u64 top = 1ULL << 32;

	for (r = iomem_resource.child; r; r = r->sibling)
		top = max_t(u64, top, (u64)r->end + 1);
	return top;
}

/* SMMUs: a cell that programmed one would reach any memory; no cell may map one. */
static const char *const smmus[] = {
	"arm,smmu-v3", "arm,smmu-v1", "arm,smmu-v2", "arm,mmu-400", "arm,mmu-401",
	"arm,mmu-500", "qcom,smmu-v2", "nvidia,smmu-500",
};

static int smmu_frames(struct vhyp_platform *plat)
{
	struct device_node *np;
	struct resource res;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(smmus); i++) {
		for_each_compatible_node(np, NULL, smmus[i]) {
			if (of_address_to_resource(np, 0, &res))
				continue;
			if (plat->nr_protected == VHYP_MAX_PROTECTED) {
				pr_err("vhyp: more than %u ITS and SMMU frames\n", VHYP_MAX_PROTECTED);
				of_node_put(np);
				return -EOPNOTSUPP;
			}
			plat->protected_ranges[plat->nr_protected++] =
				(struct vhyp_range){ res.start, resource_size(&res) };
		}
	}
	return 0;
}

static void read_dminline(void *p)
{
	unsigned long *line = p, mine = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);

	if (mine < *line)		/* (two kinds of core may differ) */
		*line = mine;
}

/* The smallest D-cache line of the CPUs: a maintenance loop must not step over any. */
static void dcache_line(struct vhyp_platform *plat)
{
	unsigned long line = 4UL << ((read_sanitised_ftr_reg(SYS_CTR_EL0) >> 16) & 0xf);

	on_each_cpu(read_dminline, &line, 1);
	plat->dcache_line = line;
}

int vhyp_probe_platform(struct vhyp_platform *plat, u64 uart_base, bool uart)
{
	struct device_node *gic;
	u32 type, num;
	int ret;

	/* 4 KiB granule tables reach 48 bits; that is enough if nothing lies above */
	plat->pa_bits = min(48U, pa_range_bits(MMFR0_PARANGE(read_sysreg(id_aa64mmfr0_el1))));
	plat->phys_top = highest_resource_end();
	if (plat->phys_top > 1ULL << plat->pa_bits) {
		pr_err("vhyp: memory or devices above %u-bit physical addresses (up to %#llx) are not supported\n",
		       plat->pa_bits, plat->phys_top);
		return -ERANGE;
	}
	ret = cpu_mpidrs(plat);
	if (ret)
		return ret;

	gic = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	plat->maint_intid = 25;		/* the architecture's recommendation */
	if (!of_property_read_u32_index(gic, "interrupts", 0, &type) &&
	    !of_property_read_u32_index(gic, "interrupts", 1, &num) && type == 1)
		plat->maint_intid = num + 16;
	plat->maint_virq = irq_of_parse_and_map(gic, 0);
	ret = vhyp_probe_gic(plat, gic);
	of_node_put(gic);
	if (!ret)
		ret = smmu_frames(plat);
	if (!ret)
		ret = vhyp_probe_firmware(plat);
	if (ret)
		return ret;
	dcache_line(plat);

	plat->uart_base = 0;
	if (uart) {
		plat->uart_base = uart_base ? uart_base : console_uart();
		if (!plat->uart_base) {
			pr_err("vhyp: no PL011 console UART found to mirror the console to; name one\n");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}
