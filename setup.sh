#!/usr/bin/env bash
# Installs what qpvsim needs to build and test on Debian 12, from Debian's packages only
# (chromium is for the browser test of the report, tests/browser).
# Safe to run again: it installs only what is missing. Uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-random-dev libhdf5-dev hdf5-tools libtbb-dev catch2
  libtomlplusplus-dev libcli11-dev libfmt-dev libcpp-httplib-dev nlohmann-json3-dev
  chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  debian="all ${#packages[@]} Debian packages already installed"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  debian="installed ${missing[*]}"
fi

echo "setup: $debian"
