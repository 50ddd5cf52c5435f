#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The EL2 trace on and off, and the interrupt fast path, under -icount so
# that latencies are instruction counts (scenarios/trace.sh).
here=$(dirname "$0")
exec "$here/run.sh" --icount --timeout 600 trace
