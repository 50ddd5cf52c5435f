// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target 'config' is tests/unit/config_fuzz.c as it is; this gives it
 * a machine, so that cell configs are also checked against one.
 */
#include "config_fuzz.h"
#include "fuzz_system.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	config_fuzz_set_system(fuzz_system());
	return 0;
}
