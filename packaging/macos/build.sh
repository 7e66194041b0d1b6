#!/usr/bin/env bash
# Build SafeFile.app and a disk image on macOS (12 or newer, Python 3.11 from python.org).
# UNTESTED: written and reviewed, never run (no Mac in this project's CI); see README,
# "Packaging".
#
#   bash packaging/macos/build.sh          -> dist/SafeFile.app, dist/SafeFile-VERSION.dmg
#
# Signing and notarising need the program's Apple Developer ID: set SIGN_IDENTITY
# ("Developer ID Application: ...") and NOTARY_PROFILE (a `xcrun notarytool
# store-credentials` profile); without them the app is built unsigned, and Gatekeeper
# will ask the user to confirm the first start (right-click, Open).
#
# Vaults, settings and the log are in ~/Library/Application Support/SafeFile
# (platformdirs), never inside SafeFile.app: replacing or deleting the app
# leaves them alone.
set -euo pipefail
cd "$(dirname "$0")/../.."

ENV=build/venv-package
[ -x "$ENV/bin/python" ] || python3.11 -m venv "$ENV"
"$ENV/bin/python" -m pip install -q -c requirements/constraints.txt ".[package]"
"$ENV/bin/python" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller \
  packaging/safefile.spec
VERSION="$("$ENV/bin/python" -c 'import importlib.metadata as m; print(m.version("safefile"))')"

if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --timestamp --sign "$SIGN_IDENTITY" dist/SafeFile.app
fi
rm -f "dist/SafeFile-$VERSION.dmg"
hdiutil create -volname SafeFile -srcfolder dist/SafeFile.app -ov -format UDZO \
  "dist/SafeFile-$VERSION.dmg"
if [ -n "${SIGN_IDENTITY:-}" ] && [ -n "${NOTARY_PROFILE:-}" ]; then
  codesign --force --timestamp --sign "$SIGN_IDENTITY" "dist/SafeFile-$VERSION.dmg"
  xcrun notarytool submit "dist/SafeFile-$VERSION.dmg" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "dist/SafeFile-$VERSION.dmg"
fi
echo "Built dist/SafeFile.app and dist/SafeFile-$VERSION.dmg"
