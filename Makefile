# SPDX-License-Identifier: GPL-2.0
#
# vhyp top-level build.
#
#   make            hypervisor binary, vhyp.ko and vhypctl
#   make demo       install what is missing, build, boot QEMU and show vhyp
#   make demo-linux the same, then Debian's kernel booting in a cell beside the root,
#                   from a virtio disk, with a virtio-net link to the root
#   make demo-channel the same, then channels: a cell streaming to the root and
#                   answering it, two cells playing ping-pong
#   make check      all tests (host unit tests and QEMU integration tests)
#   make lint       W=1 module build, sparse, cppcheck, -Werror tool builds
#   make bench      the benchmarks, under QEMU -icount (tests/bench/run.sh
#                   nvme or channel: that section alone)
#   make soak       long: 1000 cell and 200 enable cycles under a root workload,
#                   1000 cells stopping themselves while the root holds the cell
#                   lock; leaks and cycle times in tests/out/soak.md (not in make
#                   check; SOAK_CELLS=, SOAK_ENABLES=, SOAK_RACES= change the counts)
#   make fuzz       the fuzz targets (tests/fuzz), FUZZ_TIME seconds each (60)
#
# On x86-64 everything is cross-built for arm64 against Debian's arm64
# kernel headers, fetched into .cache/ by tools/setup.sh (KSERIES=6.1, 6.12
# or 6.12-rt, Debian's PREEMPT_RT build of 6.12, picks the kernel).  On an
# arm64 board the running kernel's headers are used:
# KDIR=/lib/modules/$(uname -r)/build.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
HOSTARCH := $(shell uname -m)
KSERIES ?= 6.1

ifeq ($(HOSTARCH),aarch64)
KDIR ?= /lib/modules/$(shell uname -r)/build
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= aarch64-linux-gnu-
KCACHE := $(TOP)/.cache/kernel/$(KSERIES)
KDIR ?= $(firstword $(filter-out %-common %-common-rt,$(wildcard $(KCACHE)/usr/src/linux-headers-*)))
endif

export CROSS_COMPILE
KMAKE = $(MAKE) -C $(KDIR) M=$(TOP) ARCH=arm64 CROSS_COMPILE=$(CROSS_COMPILE)

.PHONY: all setup hyp module tools inmates demo demo-linux demo-channel check lint unit qemu-tests \
	bench soak fuzz clean

all: hyp module tools inmates

# Packages and the kernel cache; quick when everything is there already.
setup:
	@$(TOP)/tools/setup.sh $(KSERIES)

hyp:
	$(MAKE) -C hyp

module: hyp
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "make: no kernel headers for $(KSERIES) in $(KCACHE); run 'make setup' first" >&2; exit 1; }
	+$(KMAKE) modules

tools:
	$(MAKE) -C tools

# Bare-metal payloads for cells (tools/inmates/*.bin).
inmates:
	$(MAKE) -C tools/inmates

demo: setup
	$(MAKE) all
	$(TOP)/tests/qemu/demo.sh

demo-linux: setup
	$(MAKE) all
	$(TOP)/tests/qemu/demo-linux.sh

demo-channel: setup
	$(MAKE) all
	$(TOP)/tests/qemu/demo-channel.sh

# The tests: host unit tests first (fast), then QEMU integration tests.
# The tests boot the three Debian kernels (6.12-rt: 72-kernel612-rt.t), so
# all must be in the cache.
check:
	@$(TOP)/tools/setup.sh 6.1 6.12 6.12-rt
	$(MAKE) all
	$(MAKE) lint
	$(MAKE) -C tests/modules
	$(MAKE) -C tests/hostile
	$(MAKE) -C tests/kexec
	$(MAKE) -C tests/unit
	prove -f tests/unit/*.t tests/qemu/*.t

# Static analysis, every finding an error: what tests/lint.sh says at its
# top.  The W=1 and sparse builds of the module are done in a copy of its
# sources (tests/out/lint/), against each kernel in the cache.
lint:
	+@$(TOP)/tests/lint.sh

bench: setup
	$(MAKE) all
	$(TOP)/tests/bench/run.sh

# One long boot (tests/qemu/soak.sh, scenarios/soak.sh): hours under TCG at
# the full counts.  SOAK_TIMEOUT (s) bounds it.
soak: setup
	$(MAKE) all
	$(TOP)/tests/qemu/soak.sh $(SOAK_CELLS) $(SOAK_ENABLES)

# Coverage-guided fuzzing (libFuzzer) of vhypctl's parsers and the driver's
# checks, one target after the other; crashes go to tests/out/fuzz/crashes/.
FUZZ_TIME ?= 60
fuzz:
	FUZZ_TIME=$(FUZZ_TIME) $(TOP)/tests/fuzz/run.sh

clean:
	$(MAKE) -C hyp clean
	$(MAKE) -C tools clean
	$(MAKE) -C tools/inmates clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/modules clean
	$(MAKE) -C tests/hostile clean
	$(MAKE) -C tests/bench clean
	$(MAKE) -C tests/kexec clean
	-test -n "$(KDIR)" -a -d "$(KDIR)" && $(KMAKE) clean
	rm -rf tests/out

# ---------------------------------------------------------------------------
# Installing, as other out-of-tree modules install (Documentation/install.md).
#
#   make install        [DESTDIR=] [PREFIX=/usr/local] [KVER=]
#   make install-tools  [DESTDIR=] [PREFIX=/usr/local]   all but the module
#                       (vhypctl, man pages, completion, configs, payloads),
#                       for a board whose module comes from DKMS
#   make uninstall      [DESTDIR=] [PREFIX=/usr/local]
#
# install copies what 'make' built, and builds nothing: 'sudo make install'
# must not leave root-owned objects in the tree.  The module goes to
# $(DESTDIR)/lib/modules/$(KVER)/extra.  KVER is the kernel the module was
# built for (the first word of its vermagic), else the UTS_RELEASE of the
# headers in KDIR (what 'uname -r' says on that kernel; not 'make
# kernelrelease', which is 6.1.192 for Debian's 6.1.0-56-arm64), else (on
# arm64) 'uname -r'.  depmod runs only when that kernel's module index is
# there to update ($(DESTDIR)/lib/modules/$(KVER)/modules.dep): on the
# board itself, or into a staged root file system; into an empty DESTDIR
# (packaging) or for a kernel this machine does not have (a cross build),
# it is left to the target.
#
# install writes the list of what it installed to $(PREFIX)/share/vhyp
# /installed-files, and uninstall removes exactly what that list names, so
# that a later checkout or another KVER cannot make it miss or overreach.
# An install over an earlier one at the same PREFIX first removes what
# that one listed.

PREFIX ?= /usr/local
DESTDIR ?=
INSTALL ?= install
# modinfo, depmod and dkms live in /sbin, which a user's PATH may not have
SBINPATH := PATH="$$PATH:/usr/sbin:/sbin"
KVER ?= $(or $(firstword $(shell $(SBINPATH) modinfo -F vermagic $(vhyp_ko) 2>/dev/null)),\
	$(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null),\
	$(if $(filter aarch64,$(HOSTARCH)),$(shell uname -r)))

vhyp_datadir = $(PREFIX)/share/vhyp
vhyp_manifest = $(vhyp_datadir)/installed-files
# the built files (tests/unit/install.t points vhyp_ko at a stand-in when
# no module is built)
vhyp_ko = $(TOP)/vhyp.ko
vhyp_ctl = $(TOP)/tools/vhypctl/vhypctl
# the root's channel library (Documentation/channels.md) and what its header includes
vhyp_chanlib = $(TOP)/tools/channel/libvhypchan.a
vhyp_chan_uapi = ioctl.h cell.h channel.h exits.h virtio.h status.h header.h
# the shipped cell configs and payloads, when the tree has them
vhyp_configs = $(shell cd $(TOP) && test -d tools/configs && \
	find tools/configs -type f \( -name '*.dts' -o -name '*.dtsi' -o -name '*.dtb' \) | sort)
vhyp_inmates = $(patsubst $(TOP)/%,%,$(wildcard $(TOP)/tools/inmates/*.bin))

# $(call vhyp_inst,MODE,SOURCE,TARGET): SOURCE is relative to the top of
# the tree or absolute, TARGET is without DESTDIR; each installed file is
# noted in the manifest being written.
vhyp_inst = $(INSTALL) -D -m $(1) "$(if $(filter /%,$(2)),$(2),$(TOP)/$(2))" "$(DESTDIR)$(3)" && \
	echo "$(3)" >> "$(DESTDIR)$(vhyp_manifest).new"

# $(call vhyp_depmod,KVER): update the index of KVER's modules, if it has one
vhyp_depmod = if [ -e "$(DESTDIR)/lib/modules/$(1)/modules.dep" ]; then \
		echo "  DEPMOD  $(1)"; \
		$(SBINPATH) depmod $(if $(DESTDIR),-b "$(DESTDIR)") "$(1)"; \
	else \
		echo "  (not running depmod: $(DESTDIR)/lib/modules/$(1)/modules.dep does not exist" \
		     "(a staging directory or a cross install); run 'depmod $(1)' on the target)"; \
	fi

.PHONY: install install-tools uninstall
install: vhyp_with_ko := 1
install-tools: vhyp_with_ko :=
install install-tools:
	@test -f "$(vhyp_ctl)" || { echo "$@: $(vhyp_ctl) is not built: run 'make' (not as root) first" >&2; exit 1; }
	@test -f "$(vhyp_chanlib)" || { echo "$@: $(vhyp_chanlib) is not built: run 'make' (not as root) first" >&2; exit 1; }
	@if [ -n "$(vhyp_with_ko)" ]; then \
		test -f "$(vhyp_ko)" || { echo "$@: $(vhyp_ko) is not built: run 'make' (not as root) first" >&2; exit 1; }; \
		test -n "$(KVER)" || { echo "$@: cannot tell which kernel vhyp.ko is for: give KVER=" >&2; exit 1; }; \
		if [ -z "$(DESTDIR)" ] && $(SBINPATH) dkms status vhyp 2>/dev/null | grep -q .; then \
			echo "$@: DKMS already builds vhyp.ko ('dkms status vhyp'): use 'make install-tools'," \
			     "or 'make dkms-uninstall' first" >&2; exit 1; \
		fi; \
	fi
	@cd $(TOP) && for f in $(if $(vhyp_with_ko),"$(vhyp_ko):Kbuild driver hyp uapi") "$(vhyp_ctl):tools/vhypctl uapi"; do \
		newer=$$(find $${f#*:} -newer "$${f%%:*}" \( -name '*.[chS]' -o -name Kbuild \) 2>/dev/null | head -n 1); \
		test -z "$$newer" || echo "$@: note: $$newer is newer than $${f%%:*}: run 'make' (not as root) to install a fresh build" >&2; \
	done
	@if [ -e "$(DESTDIR)$(vhyp_manifest)" ]; then \
		echo "  (replacing the installation listed in $(DESTDIR)$(vhyp_manifest))"; \
		$(MAKE) --no-print-directory uninstall; \
	fi
	@mkdir -p "$(DESTDIR)$(vhyp_datadir)"
	@rm -f "$(DESTDIR)$(vhyp_manifest).new"
	@$(if $(vhyp_with_ko),echo "  INSTALL vhyp.ko -> $(DESTDIR)/lib/modules/$(KVER)/extra")
	@$(if $(vhyp_with_ko),$(call vhyp_inst,0644,$(vhyp_ko),/lib/modules/$(KVER)/extra/vhyp.ko))
	@echo "  INSTALL vhypctl, man pages, bash completion, configs, payloads -> $(DESTDIR)$(PREFIX)"
	@$(call vhyp_inst,0755,$(vhyp_ctl),$(PREFIX)/sbin/vhypctl)
	@$(call vhyp_inst,0644,Documentation/man/vhypctl.8,$(PREFIX)/share/man/man8/vhypctl.8)
	@$(call vhyp_inst,0644,Documentation/man/vhyp-cell.5,$(PREFIX)/share/man/man5/vhyp-cell.5)
	@$(call vhyp_inst,0644,tools/completion/vhypctl.bash,$(PREFIX)/share/bash-completion/completions/vhypctl)
	@$(foreach f,$(vhyp_configs),$(call vhyp_inst,0644,$(f),$(vhyp_datadir)/configs/$(patsubst tools/configs/%,%,$(f))) &&) true
	@$(foreach f,$(vhyp_inmates),$(call vhyp_inst,0644,$(f),$(vhyp_datadir)/inmates/$(notdir $(f))) &&) true
	@echo "  INSTALL libvhypchan.a, vhyp_channel.h and the uapi headers it needs -> $(DESTDIR)$(PREFIX)"
	@$(call vhyp_inst,0644,$(vhyp_chanlib),$(PREFIX)/lib/libvhypchan.a)
	@$(call vhyp_inst,0644,tools/channel/vhyp_channel.h,$(PREFIX)/include/vhyp_channel.h)
	@$(foreach h,$(vhyp_chan_uapi),$(call vhyp_inst,0644,uapi/vhyp/$(h),$(PREFIX)/include/vhyp/$(h)) &&) true
	@echo "$(vhyp_manifest)" >> "$(DESTDIR)$(vhyp_manifest).new"
	@chmod 0644 "$(DESTDIR)$(vhyp_manifest).new"
	@mv "$(DESTDIR)$(vhyp_manifest).new" "$(DESTDIR)$(vhyp_manifest)"
	@$(if $(vhyp_with_ko),$(call vhyp_depmod,$(KVER)))

uninstall:
	@m="$(DESTDIR)$(vhyp_manifest)"; \
	if [ ! -f "$$m" ]; then \
		echo "uninstall: nothing to do: no $$m (vhyp is not installed with PREFIX=$(PREFIX))"; exit 0; \
	fi; \
	kver=$$(sed -n 's|^/lib/modules/\(.*\)/extra/vhyp\.ko$$|\1|p' "$$m"); \
	echo "  REMOVE  the $$(wc -l < "$$m") files listed in $$m"; \
	while IFS= read -r f; do \
		case $$f in /*) rm -f "$(DESTDIR)$$f" ;; esac; \
	done < "$$m"; \
	rm -f "$$m"; \
	find "$(DESTDIR)$(vhyp_datadir)" "$(DESTDIR)$(PREFIX)/include/vhyp" -depth -type d -empty \
		-delete 2>/dev/null; \
	if [ -n "$$kver" ]; then $(call vhyp_depmod,$$kver); fi

# ---------------------------------------------------------------------------
# DKMS (dkms.conf): rebuild vhyp.ko for every kernel the board installs.
#
#   make dkms-source     copy the module's sources to $(DESTDIR)/usr/src/vhyp-VERSION
#   make dkms-install    that, then dkms add + install (for the running kernel
#                        and, with AUTOINSTALL, every kernel installed later)
#   make dkms-uninstall  dkms remove --all, and the sources in /usr/src
#   make dkms-clean      what dkms.conf's CLEAN runs in DKMS's build directory
#
# DKMS builds with the line MAKE[0] of dkms.conf: 'make KDIR=<headers>
# module', the same 'module' target as here, so the EL2 binary (hyp/) is
# built before the module that embeds it.  The copy holds only what that
# needs: the top Makefile, Kbuild, dkms.conf, driver/, hyp/ and uapi/.

VHYP_VERSION = $(shell sed -n 's/^\#define VHYP_VERSION_STRING[[:space:]]*"\(.*\)"/\1/p' $(TOP)/uapi/vhyp/version.h)
vhyp_dkms_dir = $(DESTDIR)/usr/src/vhyp-$(VHYP_VERSION)
vhyp_dkms_files = Makefile Kbuild dkms.conf $(shell cd $(TOP) && \
	find driver hyp uapi -path hyp/out -prune -o -type f \
	\( -name '*.[chS]' -o -name '*.lds' -o -name Makefile \) -print | sort)

.PHONY: dkms-source dkms-install dkms-uninstall dkms-clean
dkms-source:
	@test -n "$(VHYP_VERSION)" || { echo "$@: no VHYP_VERSION_STRING in uapi/vhyp/version.h" >&2; exit 1; }
	@echo "  COPY    module sources -> $(vhyp_dkms_dir)"
	@rm -rf "$(vhyp_dkms_dir)"
	@$(foreach f,$(vhyp_dkms_files),$(INSTALL) -D -m 0644 "$(TOP)/$(f)" "$(vhyp_dkms_dir)/$(f)" &&) true

dkms-install:
	@test -z "$(DESTDIR)" || { echo "$@: DKMS installs into this system; use 'make dkms-source DESTDIR=...' to stage the sources" >&2; exit 1; }
	@set -- /lib/modules/*/extra/vhyp.ko; test ! -e "$$1" || { echo "$@: 'make install' installed $$*: 'make uninstall' first (and 'make install-tools' for the rest)" >&2; exit 1; }
	@$(MAKE) --no-print-directory dkms-source
	$(SBINPATH) dkms status vhyp/$(VHYP_VERSION) | grep -q . || $(SBINPATH) dkms add vhyp/$(VHYP_VERSION)
	$(SBINPATH) dkms install vhyp/$(VHYP_VERSION)

dkms-uninstall:
	@test -z "$(DESTDIR)" || { echo "$@: DESTDIR is not used here" >&2; exit 1; }
	if $(SBINPATH) dkms status vhyp/$(VHYP_VERSION) | grep -q .; then \
		$(SBINPATH) dkms remove vhyp/$(VHYP_VERSION) --all; fi
	rm -rf "$(vhyp_dkms_dir)"

dkms-clean:
	$(MAKE) -C hyp clean
	if [ -n "$(KDIR)" ] && [ -d "$(KDIR)" ]; then $(KMAKE) clean; fi
