#!/usr/bin/env bash
# Runs the Heritage3D kiosk and starts it again whenever it stops (a crash, a power glitch of
# the screen). For desktops without systemd user units; put it in the session's autostart.
# The only way to leave is the staff PIN, which ends the viewer with exit code 0: then this
# script stops too.
#   run-kiosk.sh [EXHIBIT_DIR] [STATE_DIR]
exhibit=${1:-/srv/heritage3d/laocai-heritage}
state=${2:-$HOME/.local/state/heritage3d}
while true; do
  heritage-viewer --kiosk --state "$state" --exhibit "$exhibit" && exit 0
  echo "heritage-viewer stopped (exit $?); restarting in 2 s" >&2
  sleep 2
done
