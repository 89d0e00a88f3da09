#!/usr/bin/env bash
# Installs what qpvsim needs to build and test on Debian 12, from Debian's packages only
# (Open MPI for runs over several processes, docs/cluster.md and tests/mpi; chromium, nodejs and
# npm for the browser tests of the report and the workshop page, tests/browser; clang and its
# libFuzzer runtime (llvm: its symbolizer, for stacks) for the fuzz targets, tests/fuzz; help2man
# for the Debian package's man page, file for cpack (its Depends line), debootstrap for its test
# on a fresh Debian 12 root, cmake/Packaging.cmake and tests/package; netcdf-bin, Python's xarray
# and h5netcdf, and R's hdf5r to open results files as analysts do, tests/ecosystem), then
# playwright-core for the workshop page's test, with `npm ci` from npm's registry, checked
# against the integrity hash in tests/browser/package-lock.json.
# Safe to run again: it installs only what is missing. Uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")"

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-random-dev libhdf5-dev hdf5-tools zlib1g-dev libtbb-dev catch2
  libtomlplusplus-dev libcli11-dev libfmt-dev libcpp-httplib-dev nlohmann-json3-dev
  libnlopt-dev libopenmpi-dev openmpi-bin chromium nodejs npm
  clang libclang-rt-14-dev llvm help2man debootstrap file
  netcdf-bin python3-xarray python3-h5netcdf r-cran-hdf5r
)

# A command in PATH is enough for Node.js and npm: NodeSource's nodejs package bundles npm and
# conflicts with Debian's npm package.
have_command() {
  case "$1" in
    nodejs) command -v node >/dev/null ;;
    npm) command -v npm >/dev/null ;;
    *) return 1 ;;
  esac
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    have_command "$p" || missing+=("$p")
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

# playwright-core (zero dependencies) at the version and hash package-lock.json pins, from npm's
# registry into tests/browser/node_modules (not in git); again only when missing or another
# version.
browser=tests/browser
wanted=$(node -p "require('./$browser/package-lock.json').packages['node_modules/playwright-core'].version")
have=""
if [ -f "$browser/node_modules/playwright-core/package.json" ]; then
  have=$(node -p "require('./$browser/node_modules/playwright-core/package.json').version")
fi
if [ "$have" = "$wanted" ]; then
  node_note="playwright-core $have already installed"
else
  (cd "$browser" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  node_note="installed playwright-core $wanted from npm's registry"
fi

echo "setup: $debian; $node_note"
