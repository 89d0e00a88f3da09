#!/usr/bin/env bash
# Installs what qpvsim needs to build and test on Debian 12, from Debian's packages only, then the
# browser test's npm package (playwright-core, pinned by tests/browser/package-lock.json; it
# drives Debian's chromium and never downloads a browser).
# Safe to run again: it installs only what is missing. Uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-random-dev libhdf5-dev hdf5-tools libtbb-dev catch2
  libtomlplusplus-dev libcli11-dev libfmt-dev libcpp-httplib-dev nlohmann-json3-dev
  chromium
)
# Node.js and npm from Debian (node 18, npm 9), unless a node and an npm are already installed:
# a Node.js package that bundles npm conflicts with Debian's npm package.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

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

# npm ci replaces node_modules with exactly what the lockfile says; rerun it when the lockfile
# is newer than the installed tree.
browser=tests/browser
if [ ! -d "$browser/node_modules" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules" ]; then
  npm ci --prefix "$browser" --no-audit --no-fund --loglevel=error >/dev/null
  touch "$browser/node_modules"
  npm_status="npm packages of $browser installed"
else
  npm_status="npm packages of $browser up to date"
fi

echo "setup: $debian; $npm_status"
