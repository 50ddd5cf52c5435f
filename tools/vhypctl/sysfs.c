// SPDX-License-Identifier: GPL-2.0
/*
 * vhypctl: the files that describe the running system, read for
 * system_from_fdt(): /sys/firmware/fdt (the device tree Linux booted
 * with, as the firmware and boot loader left it) and
 * /sys/devices/system/cpu/{possible,online}.
 *
 * VHYPCTL_SYSFS_ROOT, when set, replaces /sys: the host tests point it at a
 * directory holding a board's DTB and CPU lists.  It is for tests only
 * (Documentation/vhypctl.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vhypctl.h"
#include "config.h"

const char *sysfs_root(void)
{
	const char *root = getenv("VHYPCTL_SYSFS_ROOT");

	return root && *root ? root : "/sys";
}

/* A small text file of sysfs as a string; 0 or errno. */
static int read_text(const char *path, char *buf, size_t size)
{
	void *data;
	size_t len;
	int err;

	err = read_file(path, 64 << 10, &data, &len);
	if (err)
		return err;
	if (len >= size)
		len = size - 1;
	memcpy(buf, data, len);
	buf[len] = '\0';
	free(data);
	return 0;
}

/*
 * What only the driver knows, asked quietly (without it, unknown): how
 * many SPIs the GIC has, which the device tree does not say (the
 * hypervisor read GICD_TYPER), the UART the hypervisor's console is
 * mirrored to, and the channels that exist.  Under VHYPCTL_SYSFS_ROOT the
 * driver is asked only when --device names one, so that a test describing
 * another board never reads the real /dev/vhyp.
 */
static void live_driver(struct vhyp_system *sys)
{
	struct vhyp_info info;
	struct vhyp_dev d;

	if ((getenv("VHYPCTL_SYSFS_ROOT") && !strcmp(g.device, VHYP_DEVICE)) ||
	    dev_open_raw(&d, g.device))
		return;
	if (!dev_get_info(&d, &info) && info.ioctl_abi == VHYP_IOCTL_ABI) {
		if (info.gic_irqs > 32)
			sys->spis = info.gic_irqs - 32;
		sys->hyp_uart = info.uart_base;
		if (dev_channels(&d, sys->chan, &sys->nchan))
			sys->nchan = 0;	/* not enabled: none */
	}
	dev_close(&d);
}

int live_system(struct vhyp_system *sys, bool *have, char *why, size_t len)
{
	char fdt[4096], possible_path[4096], online_path[4096];
	char possible[1024], online[1024];
	const char *root = sysfs_root();
	struct cfg_err cerr;
	void *dtb;
	size_t size;
	int err;

	*have = false;
	snprintf(fdt, sizeof(fdt), "%s/firmware/fdt", root);
	snprintf(possible_path, sizeof(possible_path), "%s/devices/system/cpu/possible", root);
	snprintf(online_path, sizeof(online_path), "%s/devices/system/cpu/online", root);

	err = read_fdt(fdt, 64u << 20, &dtb, &size);
	if (err == ENOENT) {
		snprintf(why, len, "%s does not exist: this machine did not boot with a device tree (an x86 host, or ACPI)",
			 fdt);
		return EXIT_OK;
	}
	if (err == EACCES || err == EPERM) {
		snprintf(why, len, "%s is readable by root only: run as root to check against this machine",
			 fdt);
		return EXIT_OK;
	}
	if (err) {
		err_msg("cannot read %s: %s.", fdt, strerror(err));
		return EXIT_REFUSED;
	}
	err = read_text(possible_path, possible, sizeof(possible));
	if (!err)
		err = read_text(online_path, online, sizeof(online));
	if (err) {
		free(dtb);
		err_msg("cannot read the CPU lists in %s/devices/system/cpu: %s.", root,
			strerror(err));
		return EXIT_REFUSED;
	}
	err = system_from_fdt(dtb, size, possible, online, sys, &cerr);
	free(dtb);
	if (err) {
		err_msg("this machine (%s): %s.", fdt, cerr.msg);
		return EXIT_REFUSED;
	}
	live_driver(sys);
	*have = true;
	return EXIT_OK;
}

/*
 * The machine to check against: SYSFILE, else the running system.  *sys is
 * NULL, with the reason in WHY, where there is neither (no device tree:
 * ACPI, or a test host): then the rules that need the machine are left to
 * the driver.
 */
int system_load(const char *sysfile, struct vhyp_system **sys, char *why, size_t whylen)
{
	struct cfg_err err;
	void *buf;
	size_t len;
	bool have;
	int ret;

	*sys = malloc(sizeof(**sys));
	if (!*sys) {
		err_msg("out of memory for a system description.");
		return EXIT_ABI;
	}
	if (sysfile) {
		ret = dtb_load(sysfile, "system config", &buf, &len);
		if (ret)
			goto fail;
		ret = system_parse(buf, len, *sys, &err);
		free(buf);
		if (ret) {
			err_msg("system config %s: %s.", sysfile, err.msg);
			ret = EXIT_USAGE;
			goto fail;
		}
		return EXIT_OK;
	}
	ret = live_system(*sys, &have, why, whylen);
	if (!ret && have)
		return EXIT_OK;
fail:
	free(*sys);
	*sys = NULL;
	return ret;
}
