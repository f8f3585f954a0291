#!/usr/bin/env bash
# Fuzzes the exhibit package loader with libFuzzer, AddressSanitizer and UBSan.
#   bash scripts/fuzz.sh [SECONDS]      (default 600)
# Not part of CI's tests. A crash leaves its input as build-fuzz/crash-*; replay it with
#   build-fuzz/fuzz/package_fuzz build-fuzz/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
bash scripts/setup.sh
if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "ok installed"; then
  echo "fuzz: installing clang and its sanitizer runtimes"
  apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHERITAGE_FUZZ=ON -DHERITAGE_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" >/dev/null
cmake --build build-fuzz --target package_fuzz

# Seed corpus: the fixture package joined into one input, plus each file alone.
corpus=build-fuzz/corpus
mkdir -p "$corpus"
fixture=tests/data/minimal-exhibit
{ cat "$fixture/exhibit.json"; printf '\n--\n'; cat "$fixture/artifacts/trong-dong/artifact.json"
  printf '\n--\n'; cat "$fixture/artifacts/khen-mong/artifact.json"
  printf '\n--\n'; cat "$fixture/tours/tieu-hoc-lop-4.json"; } > "$corpus/seed-package"
cp "$fixture/exhibit.json" "$corpus/seed-exhibit"

cd build-fuzz
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ./fuzz/package_fuzz -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 corpus
