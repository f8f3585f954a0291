#!/usr/bin/env bash
# The main job on the bundled sample: install what is needed, build, then validate and
# summarise the sample exhibit package and export its LIDO records.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
sample=${1:-assets/exhibits/laocai-heritage}
build/capture/heritage-capture validate "$sample"
mkdir -p out
build/capture/heritage-capture export-lido "$sample" --out out/lido.xml
