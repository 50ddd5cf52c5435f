// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: whether a device can master the bus, from its node in the
 * root's device tree (dev_node.h).  No IOMMU is programmed for cells, so a
 * device that masters the bus reads and writes any physical memory, the
 * root's and the hypervisor's included, whoever drives it: vhypctl create
 * warns of each (Documentation/security.md).  The signs, in this order:
 *
 *   iommus, iommu-map        an IOMMU translates its DMA on this machine
 *   #dma-cells               a DMA controller
 *   dma-coherent             its DMA snoops the CPUs' caches
 *   device_type = "pci"      a PCI host bridge: its devices master the bus
 *   msi-map, msi-parent      it writes MSIs itself, or its devices do
 *   a compatible of the list below: well-known bus masters whose nodes
 *   often say none of the above
 *
 * A node that shows none may still master the bus: the warning is a help,
 * not a proof.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dev_node.h"

/* Shell patterns (fnmatch) of compatibles, each a kind of bus master. */
static const char *const masters[] = {
	"*dwmac*", "*dwxgmac*", "cdns,*macb*", "cdns,*gem*",	/* Ethernet MACs */
	"*dwc3*", "*xhci*", "*ehci*", "*ohci*",			/* USB hosts */
	"*dw-mshc*", "*dwcmshc*", "*sdhci*",			/* SD/MMC */
	"arm,pl330", "arm,pl08?",				/* DMA controllers */
	"*ahci*", "*nvme*",					/* SATA, NVMe */
	"virtio,mmio", "arm,mali*",				/* virtio, GPUs */
	NULL
};

/* The first compatible of NODE that a pattern of masters[] matches, in BUF. */
static const char *master_compatible(const struct dt *dt, int node, char *buf,
				     size_t len)
{
	const char *c;
	int clen, i, n, k;

	c = fdt_getprop(dt->fdt, node, "compatible", &clen);
	for (i = 0; c && i < clen; i += n + 1) {
		n = strnlen(c + i, clen - i);	/* the last may lack its NUL */
		dt_printable(c + i, n, buf, len);
		for (k = 0; masters[k]; k++)
			if (!fnmatch(masters[k], buf, 0))
				return buf;
	}
	return NULL;
}

const char *dev_node_dma(const struct dt *dt, int node, char *buf, size_t len)
{
	static const char *const props[] = {
		"iommus", "iommu-map", "#dma-cells", "dma-coherent", NULL
	};
	static const char *const msi[] = { "msi-map", "msi-parent", NULL };
	char compat[128];
	unsigned int i;

	for (i = 0; props[i]; i++)
		if (dt_has(dt, node, props[i])) {
			snprintf(buf, len, "it has '%s'%s", props[i],
				 !strcmp(props[i], "#dma-cells") ? ": a DMA controller" : "");
			return buf;
		}
	if (dt_prop_is(dt, node, "device_type", "pci")) {
		snprintf(buf, len, "it has device_type = \"pci\": a PCI host bridge");
		return buf;
	}
	for (i = 0; msi[i]; i++)
		if (dt_has(dt, node, msi[i])) {
			snprintf(buf, len, "it has '%s'", msi[i]);
			return buf;
		}
	if (master_compatible(dt, node, compat, sizeof(compat))) {
		snprintf(buf, len, "it is compatible with \"%s\", a known bus master", compat);
		return buf;
	}
	return NULL;
}
