#!/usr/bin/env bash
# Remove SafeFile's program, command, menu entry and icon: what install.sh put in place.
# It NEVER touches vaults, backups, settings or the log (your data stays in
# ~/.local/share/SafeFile or wherever you keep it); delete those yourself if you mean to.
#   PREFIX/lib/safefile/uninstall.sh          (the prefix is where it lives)
#   uninstall.sh --prefix /opt/safefile       (from the unpacked folder)
set -euo pipefail
APP_ID=org.safefile.SafeFile
HERE="$(cd "$(dirname "$0")" && pwd)"

PREFIX=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$PREFIX" ]; then
  if [ "$(basename "$HERE")" = safefile ] && [ "$(basename "$(dirname "$HERE")")" = lib ]; then
    PREFIX="$(dirname "$(dirname "$HERE")")"
  else
    PREFIX="$HOME/.local"
  fi
fi
if [ "$(id -u)" -eq 0 ] && [ "$PREFIX" != "$HOME/.local" ]; then
  SHARE=/usr/local/share
else
  SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

PROGRAM="$PREFIX/lib/safefile"
if [ -d "$PROGRAM" ]; then
  # Only a folder that is SafeFile's program, and holds no vault or backup, is removed.
  if [ ! -x "$PROGRAM/safefile" ] || [ ! -d "$PROGRAM/_internal" ]; then
    echo "uninstall.sh: $PROGRAM is not SafeFile's program folder; nothing was removed." >&2
    exit 1
  fi
  found="$(find "$PROGRAM" \( -name '*.safefile' -o -name 'vault.json' -o -name 'vault.db' \
           -o -name '*.sfbackup' \) -print -quit)"
  if [ -n "$found" ]; then
    echo "uninstall.sh: $PROGRAM holds a vault or backup ($found). Move it elsewhere first;" >&2
    echo "nothing was removed." >&2
    exit 1
  fi
fi
if [ -L "$PREFIX/bin/safefile" ] && [ "$(readlink "$PREFIX/bin/safefile")" = "$PROGRAM/safefile" ]; then
  rm -f "$PREFIX/bin/safefile"
fi
rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
rm -f "$SHARE"/icons/hicolor/*/apps/$APP_ID.png "$SHARE"/icons/hicolor/*/apps/$APP_ID.svg
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
[ -d "$PROGRAM" ] && rm -rf "$PROGRAM"
echo "SafeFile's program, menu entry and icon are removed. Your vaults and backups were not"
echo "touched (the default place is ${XDG_DATA_HOME:-$HOME/.local/share}/SafeFile)."
