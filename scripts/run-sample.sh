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
