#!/usr/bin/env bash
# Installs what is needed, builds with warnings as errors, and runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DHERITAGE_WERROR=ON
ctest --test-dir build --output-on-failure -j"$(nproc)"
