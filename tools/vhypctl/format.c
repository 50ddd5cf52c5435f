// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: sizes, CPU sets, access flags, channels and virtio devices as
 * people read them, for the sentences of the config checker and the
 * summaries of 'vhypctl config'.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

const char *size_str(uint64_t size, char *buf, size_t len)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (u < 4 && size && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)size, units[u]);
	return buf;
}

const char *cpu_mask_str(uint64_t mask, const char *sep, char *buf, size_t len)
{
	size_t o = 0;
	int cpu;

	buf[0] = '\0';
	for (cpu = 0; cpu < 64 && o < len; cpu++)
		if (mask & (1ull << cpu))
			o += snprintf(buf + o, len - o, "%s%d", o ? sep : "", cpu);
	return buf;
}

const char *mem_access_str(uint32_t flags, char buf[4])
{
	buf[0] = flags & VHYP_MEM_READ ? 'r' : '-';
	buf[1] = flags & VHYP_MEM_WRITE ? 'w' : '-';
	buf[2] = flags & VHYP_MEM_EXEC ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

const char *chan_access_str(uint32_t flags)
{
	return flags & VHYP_CHAN_READONLY ? "r" : "rw";
}

const char *chan_str(const struct vhyp_cell_channel *ch, char *buf, size_t len)
{
	char size[32], irq[40] = "no doorbell";
	bool root = !strncmp(ch->peer, VHYP_CHANNEL_PEER_ROOT, sizeof(ch->peer));

	if (ch->irq)
		snprintf(irq, sizeof(irq), "doorbell INTID %u (SPI %u)", ch->irq,
			 ch->irq - GIC_SPI_BASE);
	snprintf(buf, len, "peer %.*s, ipa 0x%llx, %s, %s%s%s, %s",
		 (int)sizeof(ch->peer) - 1, ch->peer, ULL(ch->ipa),
		 size_str(ch->size, size, sizeof(size)), chan_access_str(ch->flags),
		 root ? " (the root " : "",
		 root ? (ch->flags & VHYP_CHAN_PEER_READONLY ? "r)" : "rw)") : "", irq);
	return buf;
}

const char *mac_str(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	return buf;
}

const char *virtio_str(const struct vhyp_cell_virtio *v, char *buf, size_t len)
{
	char backend[VHYP_VIRTIO_BACKEND_LEN + 32] = "", mac[32] = "", m[18];
	bool has_mac = v->mac[0] | v->mac[1] | v->mac[2] | v->mac[3] | v->mac[4] | v->mac[5];

	if (v->backend[0])
		snprintf(backend, sizeof(backend), ", backend %.*s",
			 VHYP_VIRTIO_BACKEND_LEN - 1, v->backend);
	else if (v->type == VHYP_VIRTIO_CONSOLE)
		snprintf(backend, sizeof(backend), ", backend a pseudo-terminal");
	if (v->type == VHYP_VIRTIO_NET && has_mac)
		snprintf(mac, sizeof(mac), ", mac %s", mac_str(v->mac, m));
	snprintf(buf, len, "%s, ipa 0x%llx, INTID %u (SPI %u)%s%s%s", virtio_type_name(v->type),
		 ULL(v->ipa), v->irq, v->irq - GIC_SPI_BASE, backend,
		 v->flags & VHYP_VIRTIO_READONLY ? ", read-only" : "", mac);
	return buf;
}
