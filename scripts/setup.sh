#!/usr/bin/env bash
# Install everything the kiosk needs: Debian packages (as root) and a Python environment in
# ./.venv with the kiosk and its tools. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev
  # Qt (PySide6) on a screen or offscreen, OpenCV/MediaPipe
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  # the appliance's session: cage (with Xwayland) and grim, to see what it shows in a test
  cage xwayland grim libwayland-client0 libwayland-cursor0 libwayland-egl1
  # Chinese text on screen (Noto CJK) and embedded in printed tickets (TrueType WenQuanYi)
  fonts-noto-cjk fonts-wqy-microhei fonts-dejavu-core
  # printing tickets through CUPS (and a virtual PDF printer for tests), reading PDFs back
  cups cups-client printer-driver-cups-pdf poppler-utils
  # spoken announcements on the waiting-room display (QtTextToSpeech through speech-dispatcher)
  libpulse0 speech-dispatcher espeak-ng speech-dispatcher-espeak-ng
  # the test that listens to the display: a private PulseAudio server with a null sink
  pulseaudio pulseaudio-utils
  # the PostgreSQL client, for multi-kiosk sites and their tests
  postgresql-client
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 11):
    raise SystemExit(f"setup: Python 3.11 or newer is needed, found {sys.version.split()[0]}")
PY

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.kiosk-installed
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing Python packages into .venv (first time: a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -vE "^WARNING: Location|^\s*$" || true
  .venv/bin/python -c "import kiosk, PySide6, mediapipe, cv2, sqlalchemy, psycopg" \
    || { echo "setup: the Python packages did not install" >&2; exit 1; }
  echo "$wanted" > "$stamp"
fi
