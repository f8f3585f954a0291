#!/usr/bin/env bash
# Configures and builds Heritage3D into build/ (Ninja, ccache when present). Extra arguments go
# to CMake's configure step, e.g. -DHERITAGE_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja "$@" >/dev/null
cmake --build build
