/* SPDX-License-Identifier: GPL-2.0 */
/* pr_err() into the fuzz harness, which checks what the driver logs. */
#ifndef _FUZZ_SHIM_LINUX_PRINTK_H
#define _FUZZ_SHIM_LINUX_PRINTK_H

void fuzz_pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define pr_err(fmt, ...)	fuzz_pr_err(fmt, ##__VA_ARGS__)

#endif
