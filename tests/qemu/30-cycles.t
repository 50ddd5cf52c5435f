#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Enable/disable and insmod/rmmod 20 times each, without leaks.
exec "$(dirname "$0")/run.sh" cycles
