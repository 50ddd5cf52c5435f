/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bare-metal payloads share: the console UART and the PSCI and SMC
 * calls, for the QEMU virt memory map (PL011 at 0x09000000, RAM at
 * 0x40000000).
 */
#ifndef _VHYP_INMATE_H
#define _VHYP_INMATE_H

#include <stdint.h>

#define UART_BASE		0x09000000UL
#define RAM_BASE		0x40000000UL

#define PSCI_VERSION		0x84000000UL
#define PSCI_CPU_ON		0xc4000003UL
#define PSCI_SYSTEM_OFF		0x84000008UL
#define PSCI_SYSTEM_RESET	0x84000009UL

void putc(char c);
void puts(const char *s);
void put_hex(uint64_t v);
int getc_nowait(void);		/* -1 when nothing waits */
char getc(void);

/* An SMC Calling Convention call: through HVC or SMC. */
uint64_t hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t smc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

int main(void);
void secondary_main(uint64_t context);
extern char secondary_entry[];

#define PSCI_CPU_OFF		0x84000002UL
#define PSCI_AFFINITY_INFO	0xc4000004UL

#endif
