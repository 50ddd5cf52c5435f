#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# KVM owns EL2 (no kvm-arm.mode=none): enable refuses and says what to do.
exec "$(dirname "$0")/run.sh" --timeout 120 --no-kvm-none --suffix kvm refusal kvm-arm.mode=none 'kvm \[[0-9]+\]: Hyp mode initialized successfully'
