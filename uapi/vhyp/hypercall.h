/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: hypercalls, issued with `hvc #0`, function ID in x0, arguments in
 * x1..x3, result in x0 (SMC Calling Convention, fast calls, 64-bit, owner
 * "vendor-specific hypervisor service").  Negative results are -errno.
 */
#ifndef _UAPI_VHYP_HYPERCALL_H
#define _UAPI_VHYP_HYPERCALL_H

#define VHYP_SMCCC_FAST_CALL	0x80000000u
#define VHYP_HC_BASE		0xC6005600u
#define VHYP_HC(n)		(VHYP_HC_BASE + (n))

#define VHYP_HC_VERSION		VHYP_HC(0x00)	/* -> VHYP_HYP_ABI */
#define VHYP_HC_INIT_CPU	VHYP_HC(0x01)	/* x1 = CPU slot; init vectors only */
#define VHYP_HC_DISABLE_CPU	VHYP_HC(0x02)	/* leave EL2 on this CPU; -EBUSY while cells
						 * exist, -EAGAIN while an LPI waits here for
						 * the root (take it and call again) */
#define VHYP_HC_NOP		VHYP_HC(0x03)	/* does nothing: round-trip benchmark */
#define VHYP_HC_TEST_FAULT	VHYP_HC(0x04)	/* x1 = VHYP_TEST_*: faults on purpose, to
						 * test the paths that handle them; only
						 * with VHYP_HDR_TEST_FAULT */
#define VHYP_TEST_EL2_FAULT	0		/* a data abort at EL2: the panic path */
#define VHYP_TEST_SERROR	1		/* CPU slot x2 acts as if its owner had
						 * caused an SError */
#define VHYP_TEST_STACK_OVERFLOW 2		/* the EL2 stack runs into its guard page */
#define VHYP_TEST_POOL_FAIL	3		/* the x2-th table page taken from now
						 * (1: the next) cannot be had; 0: none */

#define VHYP_HC_TRACE		VHYP_HC(0x05)	/* x1 = VHYP_TRACE_START or _STOP: the EL2
						 * trace (trace.h); -EINVAL otherwise */

/*
 * Cells, from the root only (a cell gets VHYP_HC_NOT_SUPPORTED).  id is
 * 1..VHYP_MAX_CELLS.  The driver moves everything in the order create,
 * (CPUs offlined by Linux: they park in the hypervisor), map, start; stop
 * gives the memory back to the root; destroy frees the cell, after which
 * Linux may online its CPUs again.
 */
#define VHYP_HC_CELL_CREATE	VHYP_HC(0x10)	/* x1 = id, x2 = CPU slot mask,
						 * x3 = VHYP_CELL_* flags (cell.h) */
#define VHYP_HC_CELL_MAP	VHYP_HC(0x11)	/* x1 = id, x2 = ipa, x3 = pa, x4 = size,
						 * x5 = VHYP_MAP_* */
#define VHYP_HC_CELL_CONSOLE	VHYP_HC(0x12)	/* x1 = id, x2 = type, x3 = ipa,
						 * x4 = its virtual SPI (INTID) or 0 */
#define VHYP_HC_CELL_START	VHYP_HC(0x13)	/* x1 = id, x2 = entry IPA, x3 = x0 for the cell */
#define VHYP_HC_CELL_STOP	VHYP_HC(0x14)	/* x1 = id */
#define VHYP_HC_CELL_DESTROY	VHYP_HC(0x15)	/* x1 = id */
#define VHYP_HC_CELL_INPUT	VHYP_HC(0x16)	/* x1 = id, x2 = byte for its console */
#define VHYP_HC_CELL_IRQ	VHYP_HC(0x17)	/* x1 = id, x2 = INTID of an SPI the root
						 * gives it (before the first start) */

/*
 * Channels (channel.h).  From the root only: the driver creates a channel
 * (id 1..VHYP_MAX_CHANNELS, 'size' data bytes; x3 = VHYP_CHAN_READONLY if
 * the root is an end that only reads, VHYP_CHANNEL_ROOT_END if the root is
 * an end at all), gives it its data pages run by run (offset in the data,
 * physical address, bytes: pages the root owns read-write; a channel the
 * root is no end of leaves the root's stage 2), attaches a created cell
 * as an end (mapped into its stage 2 until it is destroyed, which detaches
 * it), and destroys it once no cell is attached (its pages go back to the
 * root, which scrubs them).
 */
#define VHYP_HC_CHANNEL_CREATE	VHYP_HC(0x20)	/* x1 = id, x2 = size, x3 = flags,
						 * x4, x5 = its name's 16 bytes,
						 * little-endian */
#define VHYP_HC_CHANNEL_MEM	VHYP_HC(0x21)	/* x1 = id, x2 = offset, x3 = pa, x4 = size */
#define VHYP_HC_CHANNEL_ATTACH	VHYP_HC(0x22)	/* x1 = id, x2 = cell id, x3 = ipa,
						 * x4 = VHYP_CHAN_READONLY (or 0) |
						 * VHYP_CHAN_END(0 or 1),
						 * x5 = virtual SPI (INTID) or 0 */
#define VHYP_HC_CHANNEL_DESTROY	VHYP_HC(0x23)	/* x1 = id */
#define VHYP_CHANNEL_ROOT_END	(1u << 8)	/* create: the root is end 1 */
#define VHYP_CHAN_END(e)	((__u64)(e) << 16)	/* attach: which end the cell is */

/*
 * From a cell or the root: ring the peer of channel x1.  0: rung (or
 * still pending: a pending doorbell is one interrupt); -ENOTCONN: the
 * peer does not run; -ENOENT: no channel x1 that the caller is an end of.
 */
#define VHYP_HC_CHANNEL_RING	VHYP_HC(0x24)	/* x1 = id */
/*
 * From a cell: its channels, x1 = 0, 1, .. in config order.  x0 = 0 and
 * x1 = id, x2 = the window's IPA, x3 = data bytes, x4 = its doorbell's
 * INTID (0: none), x5 = VHYP_CHAN_READONLY or 0; -ENOENT past the last.
 */
#define VHYP_HC_CHANNEL_QUERY	VHYP_HC(0x25)

/*
 * From a cell: its payload's report of itself, into its struct
 * vhyp_cell_report in the status area (status.h), which the root reads
 * ('vhypctl top').  x1 = the worst latency, in ns, the payload measured
 * over the period since its last report, x2 = how many samples that
 * period had, x3 = a status code of the payload's own meaning.  0, or
 * -EINVAL (nothing written) if x1 has bit 63 set, x2 or x3 does not fit
 * in 32 bits, or x1 is not 0 while x2 is.  No lock: call it as often as
 * needed (once a second is the custom).  The root gets
 * VHYP_HC_NOT_SUPPORTED.
 */
#define VHYP_HC_CELL_REPORT	VHYP_HC(0x40)	/* x1 = worst ns, x2 = samples, x3 = code */

/*
 * Virtio devices of a cell (virtio.h, Documentation/architecture.md), from
 * the root only.  VHYP_HC_VIRTIO_DEV gives a created cell that never ran,
 * and was created with VHYP_CELL_SHARED_RAM, device x2 (0 ..
 * VHYP_CELL_MAX_VIRTIO - 1): a register window at IPA x3 that no stage 2
 * maps, and virtual SPI x4 (an edge).  The cell's accesses to it queue
 * struct vhyp_virtio_req records in its ring in the status area
 * (VHYP_VIRTIO_RING_OFFSET, status.h) and ring the root's doorbell.
 *   ANSWER    the value of read x2 (its seq); the CPU that waits for it
 *             goes on.  -ENOENT: no CPU of the cell waits for that seq.
 *   CONSUMED  the root has taken every record before position x2 (a
 *             count, <= head): their slots are free.
 *   IRQ       raise device x2's interrupt; -ENOTCONN: the cell does not run.
 *   REPLAY    a new backend: the reads that CPUs still wait for but whose
 *             records were consumed are queued again, oldest first, in
 *             front of the ring's tail.
 * x1 is always the cell id.
 */
#define VHYP_HC_VIRTIO_DEV	VHYP_HC(0x30)	/* x1 = id, x2 = index, x3 = ipa, x4 = INTID */
#define VHYP_HC_VIRTIO_ANSWER	VHYP_HC(0x31)	/* x1 = id, x2 = seq, x3 = value */
#define VHYP_HC_VIRTIO_CONSUMED	VHYP_HC(0x32)	/* x1 = id, x2 = new tail */
#define VHYP_HC_VIRTIO_IRQ	VHYP_HC(0x33)	/* x1 = id, x2 = index */
#define VHYP_HC_VIRTIO_REPLAY	VHYP_HC(0x34)	/* x1 = id */

/*
 * VHYP_HC_CELL_CREATE flag of the driver's alone (not in a config): the
 * cell's RAM stays mapped in the root's stage 2 while it runs, for the
 * root's virtio backend; no other cell can be given it.
 */
#define VHYP_CELL_SHARED_RAM	(1u << 31)

/* VHYP_HC_CELL_MAP flags */
#define VHYP_MAP_READ		(1u << 0)
#define VHYP_MAP_WRITE		(1u << 1)
#define VHYP_MAP_EXEC		(1u << 2)
#define VHYP_MAP_DEVICE		(1u << 3)	/* MMIO: device attributes, ipa == pa */

#define VHYP_HC_NOT_SUPPORTED	(-1)		/* SMCCC: unknown function */

/*
 * Linux's own hyp-stub calls (arch/arm64/include/asm/virt.h), a stable ABI
 * of the kernel: x0 below VHYP_LINUX_HVC_STUB_NR.  vhyp answers them as the
 * stub does, so that kexec and reboot keep working while it is enabled:
 * any x0 that is not an SMCCC fast call is the stub's, and unknown ones
 * get VHYP_LINUX_HVC_STUB_ERR; unknown SMCCC calls get VHYP_HC_NOT_SUPPORTED.
 */
#define VHYP_LINUX_HVC_SET_VECTORS	0
#define VHYP_LINUX_HVC_SOFT_RESTART	1
#define VHYP_LINUX_HVC_RESET_VECTORS	2
#define VHYP_LINUX_HVC_FINALISE_EL2	3
#define VHYP_LINUX_HVC_STUB_NR		4
#define VHYP_LINUX_HVC_STUB_ERR		0xbadca11

#endif
