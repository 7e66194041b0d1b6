#!/usr/bin/env bash
# Install SafeFile from this unpacked folder, for you alone (no administrator needed):
#   ./install.sh                      into ~/.local (program in ~/.local/lib/safefile)
#   ./install.sh --prefix /opt/safefile   elsewhere (as root for /opt: then the menu entry
#                                     and icon go to /usr/local/share for every user)
# It puts the program in PREFIX/lib/safefile, the command in PREFIX/bin/safefile, the menu
# entry in .../share/applications and the icon in the hicolor icon theme. Your vaults are
# never in the program's folder (they are in ~/.local/share/SafeFile unless you chose
# another place), so installing a new version over an old one leaves them as they are.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
APP_ID=org.safefile.SafeFile

PREFIX="$HOME/.local"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$PREFIX" in /*) ;; *) PREFIX="$PWD/$PREFIX" ;; esac
if [ "$(id -u)" -eq 0 ] && [ "$PREFIX" != "$HOME/.local" ]; then
  SHARE=/usr/local/share
else
  SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

[ -x "$HERE/lib/safefile/safefile" ] || { echo "install.sh: run it from the unpacked SafeFile folder" >&2; exit 1; }

# An old program folder is replaced only when it holds no vault or backup: the same check
# as uninstall.sh (someone may have saved a vault there; replacing the folder deletes it).
if [ -d "$PREFIX/lib/safefile" ]; then
  found="$(find "$PREFIX/lib/safefile" \( -name '*.safefile' -o -name 'vault.json' \
           -o -name 'vault.db' -o -name '*.sfbackup' \) -print -quit)"
  if [ -n "$found" ]; then
    echo "install.sh: $PREFIX/lib/safefile holds a vault or backup ($found). Move it" >&2
    echo "elsewhere first; nothing was installed or removed." >&2
    exit 1
  fi
fi

# The program: copied beside, then swapped in, so a failed copy leaves the old one working.
mkdir -p "$PREFIX/lib" "$PREFIX/bin"
rm -rf "$PREFIX/lib/.safefile.new"
cp -a "$HERE/lib/safefile" "$PREFIX/lib/.safefile.new"
install -m 755 "$HERE/uninstall.sh" "$PREFIX/lib/.safefile.new/uninstall.sh"
if [ -d "$PREFIX/lib/safefile" ]; then
  rm -rf "$PREFIX/lib/.safefile.old"
  mv "$PREFIX/lib/safefile" "$PREFIX/lib/.safefile.old"
fi
mv "$PREFIX/lib/.safefile.new" "$PREFIX/lib/safefile"
rm -rf "$PREFIX/lib/.safefile.old"
ln -sfn "$PREFIX/lib/safefile/safefile" "$PREFIX/bin/safefile"

# The menu entry, starting the program by its full path (~/.local/bin is not always on the
# menu's PATH), and the icon in every size.
exec_path="$PREFIX/bin/safefile"
case "$exec_path" in *" "*) exec_path="\"$exec_path\"" ;; esac
mkdir -p "$SHARE/applications" "$SHARE/metainfo"
sed -e "s|^Exec=.*|Exec=$exec_path|" -e "s|^TryExec=.*||" \
  "$HERE/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
for dir in "$HERE"/share/icons/hicolor/*/apps; do
  size="$(basename "$(dirname "$dir")")"
  mkdir -p "$SHARE/icons/hicolor/$size/apps"
  cp "$dir"/$APP_ID.* "$SHARE/icons/hicolor/$size/apps/"
done
touch "$SHARE/icons/hicolor"  # tells the desktop the theme changed
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && [ -f "$SHARE/icons/hicolor/index.theme" ] \
  && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true

echo "SafeFile is installed: $PREFIX/bin/safefile, and in your applications menu."
echo "To remove it: $PREFIX/lib/safefile/uninstall.sh (your vaults stay where they are)."
