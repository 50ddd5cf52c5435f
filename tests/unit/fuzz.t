#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fuzz targets of tests/fuzz as a smoke test: they build, replay their
# seeds and every regression input, and each fuzzes FUZZ_SMOKE_TIME
# seconds (default 10) without a crash.  'make fuzz' runs them longer.
top=$(cd "$(dirname "$0")/../.." && pwd)
FUZZ_TIME=${FUZZ_SMOKE_TIME:-10} exec "$top/tests/fuzz/run.sh"
