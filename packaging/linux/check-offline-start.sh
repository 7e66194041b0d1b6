#!/usr/bin/env bash
# Scripted check for issue 16: once scripts/app has set SafeFile up, it opens the app with
# the network unreachable. Needs root (unshare -n), xvfb and x11-utils (xwininfo).
#   bash packaging/linux/check-offline-start.sh      -> "window shown after N s", exit 0
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$ROOT/scripts/app" --version   # sets up when needed (with the network)
HOME_DIR="$(mktemp -d)"
trap 'rm -rf "$HOME_DIR"' EXIT
# shellcheck disable=SC2016
env -i PATH=/usr/bin:/bin HOME="$HOME_DIR" ROOT="$ROOT" unshare -n \
  xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
    python3 -c "import socket; socket.create_connection((\"pypi.org\", 443), 3)" 2>/dev/null \
      && { echo "the network is reachable: not a fair check"; exit 1; }
    bash "$ROOT/scripts/app" & pid=$!
    for i in $(seq 1 600); do
      if xwininfo -root -tree | grep -q "\"SafeFile\""; then
        echo "window shown after $((i / 10)) s, with the network unreachable"
        pkill -P "$pid" || true; kill "$pid" 2>/dev/null || true; exit 0
      fi
      kill -0 "$pid" 2>/dev/null || { echo "scripts/app stopped without a window"; exit 1; }
      sleep 0.1
    done
    echo "no window within 60 s"; pkill -P "$pid" || true; exit 1'
