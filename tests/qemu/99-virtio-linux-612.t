#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 98-virtio-linux.t with Debian's 6.12 kernel in the root and the cell.
VIRTIO_SERIES=6.12 exec "$(dirname "$0")/98-virtio-linux.t"
