// SPDX-License-Identifier: GPL-2.0
/*
 * Identity-mapped regions: a cell's window onto a no-map child of the
 * root's /reserved-memory, at IPA = physical address, for devices that DMA
 * to physical addresses.  Linux never maps such a range in its linear map
 * nor hands it to its page allocator, so it is the root's to give exactly
 * when no enabled device of the root claims it as its memory-region.
 *
 * The driver checks that at create, against the live device tree (not
 * against what vhypctl was told), maps the range for itself to scrub it
 * before every start and at destroy, so that nothing passes from one owner
 * to the next, and the hypervisor moves it out of the root's stage 2 while
 * the cell runs, like any other cell memory.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include "vhyp.h"

/* The available no-map child of /reserved-memory that holds [base, base + size), held. */
static struct device_node *find_reservation(u64 base, u64 size)
{
	struct device_node *parent, *np;
	struct resource res;

	parent = of_find_node_by_path("/reserved-memory");
	if (!parent)
		return NULL;
	for_each_available_child_of_node(parent, np) {
		if (!of_property_read_bool(np, "no-map") || of_address_to_resource(np, 0, &res))
			continue;
		if (base >= res.start && base + size - 1 <= res.end)
			break;		/* keeps the reference */
	}
	of_node_put(parent);
	return np;
}

/* An enabled device node of the root's whose memory-region is RESV, held; or NULL. */
static struct device_node *reservation_user(struct device_node *resv)
{
	struct device_node *np, *r;
	int i;

	for_each_node_with_property(np, "memory-region") {
		if (!of_device_is_available(np))
			continue;
		for (i = 0; (r = of_parse_phandle(np, "memory-region", i)); i++) {
			of_node_put(r);
			if (r == resv)
				return np;
		}
	}
	return NULL;
}

int vhyp_reserved_check(const char *cell, unsigned int idx, const struct vhyp_cell_mem *m)
{
	struct device_node *resv, *user;
	int ret = 0;

	if (region_intersects(m->ipa, m->size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT) {
		pr_err("vhyp: cell '%s': region %u at %#llx (%#llx bytes) is Linux's RAM, not a no-map reserved range: reserve it with no-map in the device tree the system boots with\n",
		       cell, idx, m->ipa, m->size);
		return -EPERM;
	}
	resv = find_reservation(m->ipa, m->size);
	if (!resv) {
		pr_err("vhyp: cell '%s': region %u at %#llx (%#llx bytes) is not inside a no-map child of /reserved-memory of the running system's device tree\n",
		       cell, idx, m->ipa, m->size);
		return -EPERM;
	}
	user = reservation_user(resv);
	if (user) {
		pr_err("vhyp: cell '%s': region %u is %pOF, which the root's %pOF uses (memory-region): disable that device or reserve another range\n",
		       cell, idx, resv, user);
		of_node_put(user);
		ret = -EPERM;
	}
	of_node_put(resv);
	return ret;
}

void *vhyp_reserved_map(const struct vhyp_cell_mem *m)
{
	return memremap(m->ipa, m->size, MEMREMAP_WB);
}

void vhyp_reserved_unmap(void *va)
{
	if (va)
		memunmap(va);
}
