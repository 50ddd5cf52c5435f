# SPDX-License-Identifier: GPL-2.0
#
# vhyp top-level build.
#
#   make            hypervisor binary, vhyp.ko and vhypctl
#   make demo       install what is missing, build, boot QEMU and show vhyp
#   make check      all tests (host unit tests and QEMU integration tests)
#   make bench      the benchmarks, under QEMU -icount
#
# On x86-64 everything is cross-built for arm64 against Debian's arm64
# kernel headers, fetched into .cache/ by tools/setup.sh (KSERIES=6.1 or
# 6.12 picks the kernel).  On an arm64 board the running kernel's headers
# are used: KDIR=/lib/modules/$(uname -r)/build.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
HOSTARCH := $(shell uname -m)
KSERIES ?= 6.1

ifeq ($(HOSTARCH),aarch64)
KDIR ?= /lib/modules/$(shell uname -r)/build
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= aarch64-linux-gnu-
KCACHE := $(TOP)/.cache/kernel/$(KSERIES)
KDIR ?= $(firstword $(filter-out %-common,$(wildcard $(KCACHE)/usr/src/linux-headers-*)))
endif

export CROSS_COMPILE
KMAKE = $(MAKE) -C $(KDIR) M=$(TOP) ARCH=arm64 CROSS_COMPILE=$(CROSS_COMPILE)

.PHONY: all setup hyp module tools inmates demo check unit qemu-tests bench clean

all: hyp module tools inmates

# Packages and the kernel cache; quick when everything is there already.
setup:
	@$(TOP)/tools/setup.sh $(KSERIES)

hyp:
	$(MAKE) -C hyp

module: hyp
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "make: no kernel headers for $(KSERIES) in $(KCACHE); run 'make setup' first" >&2; exit 1; }
	$(KMAKE) modules

tools:
	$(MAKE) -C tools

# Bare-metal payloads for cells (tools/inmates/*.bin).
inmates:
	$(MAKE) -C tools/inmates

demo: setup
	$(MAKE) all
	$(TOP)/tests/qemu/demo.sh

# The tests: host unit tests first (fast), then QEMU integration tests.
# The tests boot both Debian kernels, so both must be in the cache.
check:
	@$(TOP)/tools/setup.sh 6.1 6.12
	$(MAKE) all
	$(MAKE) -C tests/modules
	$(MAKE) -C tests/unit
	prove -f tests/unit/*.t tests/qemu/*.t

bench: setup
	$(MAKE) all
	$(TOP)/tests/bench/run.sh

clean:
	$(MAKE) -C hyp clean
	$(MAKE) -C tools clean
	$(MAKE) -C tools/inmates clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/modules clean
	-test -n "$(KDIR)" -a -d "$(KDIR)" && $(KMAKE) clean
	rm -rf tests/out
