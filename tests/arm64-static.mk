# SPDX-License-Identifier: GPL-2.0
#
# Included by the Makefiles of the static arm64 programs the QEMU guest
# runs (tests/bench, tests/hostile, tests/kexec): the compiler and flags.

HOSTARCH := $(shell uname -m)

ifeq ($(HOSTARCH),aarch64)
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= aarch64-linux-gnu-
endif

# make's built-in CC=cc would win over ?=, hence a plain assignment.
CC := $(CROSS_COMPILE)gcc
CFLAGS := -std=gnu11 -static -O2 -Wall -Wextra -Werror
