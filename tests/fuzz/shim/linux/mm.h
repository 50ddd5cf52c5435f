/* SPDX-License-Identifier: GPL-2.0 */
/* The page size of the arm64 kernels vhyp is built for: 4 KiB. */
#ifndef _FUZZ_SHIM_LINUX_MM_H
#define _FUZZ_SHIM_LINUX_MM_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGNED(addr)	(!((addr) & (PAGE_SIZE - 1)))

#endif
