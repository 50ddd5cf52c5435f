#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The initramfs a Linux cell boots in the tests: Debian's static busybox
# and tests/linux-cell/init, as a gzipped cpio.
#
#   tests/linux-cell/mkinitrd.sh OUT
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: mkinitrd.sh OUT}
busybox=$top/.cache/busybox/bin/busybox
[ -x "$busybox" ] || { echo "mkinitrd.sh: no $busybox; run tools/setup.sh first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev"
install -m 0755 "$busybox" "$stage/bin/busybox"
install -m 0755 "$top/tests/linux-cell/init" "$stage/init"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) >"$out"
