/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The freestanding world's <linux/types.h>: just enough for the uapi
 * headers and for code shared with the driver (paging.c), so that both
 * compile unchanged at EL2, in the kernel and in host unit tests.
 */
#ifndef _VHYP_SHIM_LINUX_TYPES_H
#define _VHYP_SHIM_LINUX_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

typedef unsigned long size_t;
typedef unsigned long uintptr_t;

#if !defined(__bool_true_false_are_defined) && !defined(bool)
typedef _Bool bool;
#define true	1
#define false	0
#endif

#ifndef NULL
#define NULL	((void *)0)
#endif

#endif
