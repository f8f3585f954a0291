#!/usr/bin/env bash
# The main job on the bundled sample: install what is needed, build, validate and summarise
# the Lào Cai sample exhibit, export its LIDO records, then open it in heritage-viewer (or,
# with no display, render screenshots of its screens into out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
sample=${1:-assets/exhibits/laocai-heritage}
build/capture/heritage-capture validate "$sample"
mkdir -p out
build/capture/heritage-capture export-lido "$sample" --out out/lido.xml
# Capture: real photos with true cameras (the Middlebury temple ring beside the repo) become an
# artifact in a new package, which then validates like any other.
rings=../shared/datasets/middlebury-sparse-ring
if [ -d "$rings/templeSparseRing" ]; then
  build/capture/heritage-capture run "$rings/templeSparseRing" \
    --cameras "$rings/templeSparseRing/templeSR_par.txt" --id temple \
    --title-vi "Đền Dioskouroi (bản sao thạch cao)" --title-en "Temple of the Dioskouroi (plaster copy)" \
    --out out/captured --work out/capture-work
  build/capture/heritage-capture validate out/captured
fi
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening the viewer (F11: full screen; close the window to quit)"
  exec build/viewer/heritage-viewer --exhibit "$sample"
fi
echo "No display: rendering the viewer's screens into out/ instead"
build/viewer/heritage-viewer --exhibit "$sample" --screenshot out/home-vi.png
build/viewer/heritage-viewer --exhibit "$sample" --screenshot out/home-en.png --lang en
build/viewer/heritage-viewer --exhibit "$sample" --screenshot out/artifact-vi.png \
  --screen artifact --artifact trong-dong-gia-phu
build/viewer/heritage-viewer --exhibit "$sample" --screenshot out/artifact-en.png \
  --screen artifact --artifact khen-mong --lang en --level lower_secondary
if [ -d out/captured/artifacts/temple ]; then
  build/viewer/heritage-viewer --exhibit out/captured --screenshot out/captured-temple.png \
    --screen artifact --artifact temple
fi
