#!/usr/bin/env bash
# Installs every Debian package Heritage3D needs to build, test and run.
# Idempotent: when everything is present it only checks and returns in a second or two.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang-format
  # data model
  nlohmann-json3-dev libutf8proc-dev libxml2-dev libxml2-utils libsodium-dev
  # capture
  libopencv-dev libopencv-contrib-dev libceres-dev libeigen3-dev libcgal-dev libmeshoptimizer-dev libexif-dev
  # both programs: models, images, UI
  libassimp-dev libglfw3-dev libglm-dev libimgui-dev libstb-dev libfreetype-dev libsqlite3-dev
  # OpenGL with no GPU: Mesa llvmpipe, EGL surfaceless, Xvfb for windows
  libgl1-mesa-dri libegl-mesa0 libegl-dev libgles-dev xvfb xauth
  # fonts with Vietnamese coverage
  fonts-noto-core fonts-dejavu-core
  # tests
  catch2
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The Khronos glTF validator runs on Node.js; any node/npm on PATH will do (Debian's or another).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} Debian packages present"
fi

# Node tools the tests run (JSON Schema checker), pinned by tests/tools/package-lock.json.
cd "$(dirname "$0")/../tests/tools"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "setup: installing the Node test tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
