#!/usr/bin/env bash
# Debian/Ubuntu libraries Qt needs (offscreen and on a real X display), and the
# PDF tools the tests use. Harmless when they are already there. See
# README.md for other systems.
set -euo pipefail
PACKAGES=(
  # Qt offscreen
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 fonts-dejavu-core
  # Qt on a real X display, and a virtual one
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxkbcommon-x11-0
  # PDF checks in the tests
  poppler-utils
  # PostgreSQL server for the multi-workstation tests (a private cluster on loopback)
  postgresql
)
if ! command -v dpkg >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-based system; install the Qt libraries listed in README.md yourself" >&2
  exit 0
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-system-deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
