#!/usr/bin/env bash
# Build the Debian package of the kiosk: dist/walkin-kiosk_VERSION_ARCH.deb.
#
# The package carries a ready-made virtual environment (Debian's own python3 plus the kiosk's
# Python dependencies from PyPI) under /opt/walkin-kiosk: packaging/README.md says why.
# Run it on Debian 12 (the Python of the package must be the one the machines will have).
# Options: --out DIR (default dist/), --version V (default: the kiosk's own version).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out="$repo/dist"
version=""
while (($#)); do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) echo "build: unknown option $1" >&2; exit 2 ;;
  esac
done

PYTHON=/usr/bin/python3 # Debian's: the package depends on it, so the machines have the same one
need=(dpkg-deb "$PYTHON" rsync)
for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null || {
    echo "build: $tool is missing (apt-get install dpkg-dev python3-venv rsync)" >&2
    exit 1
  }
done
py_version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$py_version" = 3.11 ] || {
  echo "build: Debian 12's Python 3.11 is needed at $PYTHON, found $py_version" >&2
  exit 1
}
[ -n "$version" ] || version=$("$PYTHON" -c \
  "import re,sys; print(re.search(r'__version__ = \"(.+)\"', open(sys.argv[1]).read())[1])" \
  "$repo/kiosk/__init__.py")
arch=$(dpkg --print-architecture)

stage=$(mktemp -d "${TMPDIR:-/tmp}/walkin-kiosk-build.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
app=/opt/walkin-kiosk
mkdir -p "$root$app" "$root/DEBIAN"

echo "build: the application"
mkdir -p "$root$app/app"
rsync -a --exclude __pycache__ "$repo/kiosk" "$repo/resources" "$root$app/app/"
install -D -m 0644 "$repo/tests/data/live_mouth_open_smile_liveportrait_d18.mp4" \
  "$root$app/demo/sample-clip.mp4"
install -D -m 0644 "$repo/resources/models/NOTICE.md" \
  "$root/usr/share/doc/walkin-kiosk/NOTICE-models.md"
install -m 0644 "$repo/packaging/README.md" "$root/usr/share/doc/walkin-kiosk/README.md"

echo "build: the Python environment (dependencies from PyPI; a few minutes the first time)"
# Built at its final path inside the stage, then moved: a virtual environment records its own
# path in its scripts, so the paths are written as they will be on the machines.
venv="$root$app/venv"
"$PYTHON" -m venv "$venv"
"$PYTHON" - "$repo/pyproject.toml" >"$stage/requirements.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as handle:
    print("\n".join(tomllib.load(handle)["project"]["dependencies"]))
PY
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-warn-script-location \
  -r "$stage/requirements.txt"
"$venv/bin/python" -m pip uninstall -q -y pip setuptools >/dev/null 2>&1 || true
# Parts of Qt the kiosk never loads: the web engine (a third of the package) and Designer.
qt="$venv/lib/python$py_version/site-packages/PySide6"
rm -rf "$qt"/Qt/lib/libQt6WebEngine* "$qt"/QtWebEngine* "$qt"/Qt/libexec/QtWebEngineProcess \
  "$qt"/Qt/resources/qtwebengine* "$qt"/Qt/translations/qtwebengine_locales \
  "$qt"/Qt/plugins/designer "$qt"/Qt/lib/libQt6Designer* "$qt"/QtDesigner* "$qt"/designer \
  "$qt"/scripts/deploy_lib
# The application's own folder is on the environment's path; its resources sit beside it.
echo "$app/app" >"$venv/lib/python$py_version/site-packages/walkin_kiosk.pth"
grep -rlI --null "$root" "$venv/bin" "$venv/pyvenv.cfg" | xargs -0 -r sed -i "s|$root||g"
"$venv/bin/python" - <<PY
import sys
sys.path.insert(0, "$root$app/app")
import kiosk, mediapipe, cv2, sqlalchemy, psycopg  # noqa: F401  everything imports
from PySide6 import QtMultimedia, QtQuickWidgets, QtTextToSpeech, QtWidgets  # noqa: F401
PY
# Byte-code compiled now, with the machines' paths: the kiosk user cannot write under /opt.
"$venv/bin/python" -m compileall -q -j 0 -x "\.tmpl\.py$|/test/" -s "$root" -p / "$root$app" >"$stage/compile.log" \
  || { cat "$stage/compile.log" >&2; exit 1; }

echo "build: commands, units and settings"
install -D -m 0755 "$here/bin/kiosk" "$root/usr/bin/kiosk"
for unit in "$here"/units/*; do
  install -D -m 0644 "$unit" "$root/usr/lib/systemd/system/$(basename "$unit")"
done
install -D -m 0644 "$here/debian/default" "$root/etc/default/walkin-kiosk"
install -D -m 0644 "$here/debian/sysctl.conf" "$root/usr/lib/sysctl.d/60-walkin-kiosk.conf"
for script in postinst prerm postrm; do
  install -m 0755 "$here/debian/$script" "$root/DEBIAN/$script"
done
echo /etc/default/walkin-kiosk >"$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  "$here/debian/control" >"$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/walkin-kiosk_${version}_${arch}.deb"
echo "build: packing $deb"
dpkg-deb --root-owner-group -Zzstd -z9 --build "$root" "$deb" >/dev/null
echo "build: $deb ($(du -h "$deb" | cut -f1), $((size / 1024)) MiB installed)"
