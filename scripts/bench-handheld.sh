#!/usr/bin/env bash
# The handheld-capture benchmark: our structure from motion and COLMAP 3.8 (Debian's, CPU only)
# on the same real photo sets beside the repo (../shared/datasets), in one run. Installs what
# the build needs (scripts/setup.sh) and COLMAP when it is missing, builds into build/, runs
# heritage-bench-handheld. Arguments go to the benchmark, e.g.
#   scripts/bench-handheld.sh --only kermit,temple      (a few sets; fountain alone takes minutes)
#   scripts/bench-handheld.sh --no-colmap               (ours only)
#   scripts/bench-handheld.sh --keep out/bench-handheld (keep both programs' outputs)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

if ! dpkg-query -W -f='${Status}' colmap 2>/dev/null | grep -q "install ok installed"; then
  echo "bench-handheld: installing the Debian package colmap"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends colmap
else
  echo "bench-handheld: colmap present ($(colmap -h 2>/dev/null | head -n 1))"
fi

# Timings are the point: an optimised build with debug symbols, like the figures in the notes.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target heritage-bench-handheld

# COLMAP's Qt needs no display this way (the benchmark sets it for its children as well).
export QT_QPA_PLATFORM=offscreen
exec build/bench/heritage-bench-handheld "$@"
