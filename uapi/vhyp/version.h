/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vhyp: versions of every interface.  Each number is bumped whenever the
 * layout or meaning of its interface changes, and is checked at every
 * boundary: the driver refuses a hypervisor binary whose VHYP_HYP_ABI
 * differs, vhypctl refuses a driver whose VHYP_IOCTL_ABI differs.
 */
#ifndef _UAPI_VHYP_VERSION_H
#define _UAPI_VHYP_VERSION_H

#define VHYP_VERSION_STRING	"0.1.0"

/* ioctls on /dev/vhyp (uapi/vhyp/ioctl.h) */
#define VHYP_IOCTL_ABI		5
/* the hypervisor binary's header and hypercalls (header.h, hypercall.h) */
#define VHYP_HYP_ABI		8
/* the shared status page: console ring and counters (status.h) */
#define VHYP_STATUS_ABI		7

#endif
