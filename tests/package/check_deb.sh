#!/usr/bin/env bash
# The Debian package (cmake/Packaging.cmake) on a fresh Debian 12: cpack makes
# qpvsim_<version>_amd64.deb with the binary, the man page and /usr/share/qpvsim; `apt-get
# install ./qpvsim_*.deb` in a minbase bookworm root fetches what its Depends line names; then
# `qpvsim --version` and a two-replicate `qpvsim demo`, run from a folder of their own, succeed
# and the demo writes its results file and report. Each step prints how long it took.
#
# The minbase root (debootstrap, as shared/tools/fresh-machine.sh makes one, from the Debian mirror
# of this machine's apt sources) is made once under BUILD_DIR/package-test/bookworm and copied for
# each run, so every install starts from a fresh system; the .deb files apt downloads are kept
# beside it, so only the first run waits for the network.
# Needs root (debootstrap, chroot, mounts), debootstrap and a Debian mirror: skipped (exit 77)
# otherwise, saying why.
# Usage: check_deb.sh CPACK BUILD_DIR VERSION
set -u
cpack=$1 build=$2 version=$3
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: debootstrap, chroot and mounts need root"
  exit 77
fi
if ! command -v debootstrap >/dev/null; then
  echo "skipped: debootstrap is missing (./setup.sh installs it)"
  exit 77
fi
# The Debian mirror this machine's apt uses (deb822 or one-line sources), and its security one.
mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources \
  2>/dev/null)
[ -n "$mirror" ] ||
  mirror=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
if [ -z "$mirror" ]; then
  echo "skipped: no Debian mirror in this machine's apt sources"
  exit 77
fi
security=$(awk '/^URIs:/ && $2 ~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources \
  2>/dev/null)
[ -n "$security" ] ||
  security=$(awk '$1=="deb" && $2 ~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)

work=$build/package-test
base=$work/bookworm      # the cached minbase root, never installed into
root=$work/root          # this run's copy
archives=$work/apt-archives
mkdir -p "$work" "$archives"

# unmount_all DIR: unmounts whatever is mounted under DIR, deepest first (a run killed by ctest's
# timeout leaves its mounts), and fails if anything stays mounted: DIR is not removed then.
unmount_all() {
  local m
  for m in $(awk -v d="$1/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
  done
  ! awk -v d="$1/" 'index($2, d) == 1 {found=1} END {exit !found}' /proc/self/mounts
}
# fresh DIR: removes DIR, refusing while anything is mounted in it.
fresh() {
  unmount_all "$1" || { echo "FAIL: something is still mounted under $1"; return 1; }
  rm -rf --one-file-system "$1"
}
trap 'unmount_all "$root"; unmount_all "$base"' EXIT
# in_root DIR SECONDS COMMAND: runs a shell command in the root DIR (its /proc mounted), in a
# clean environment (nothing of ctest's or the sanitizers'), as a fresh login would, stopped
# after SECONDS: a hung download ends this script, which undoes its mounts, before ctest's
# timeout kills it and leaves them.
in_root() {
  local dir=$1 limit=$2
  shift 2
  timeout "$limit" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive chroot "$dir" /bin/bash -c "$*"
}
# Only /proc: debootstrap made the root's device nodes, and a bound /dev left mounted by a killed
# run would be emptied by the next `rm -rf` of the build folder.
mount_root() { mount -t proc proc "$1/proc"; }
# step NAME LOG COMMAND...: runs the command, its output to LOG, then prints its name, wall time
# and exit status, and the end of LOG if it failed; the status is kept.
step() {
  local name=$1 log=$2 t0 status
  shift 2
  t0=$(date +%s.%N)
  "$@" >"$log" 2>&1
  status=$?
  awk -v n="$name" -v t0="$t0" -v t1="$(date +%s.%N)" -v s=$status \
    'BEGIN {printf "%s: %.1f s (exit status %d)\n", n, t1 - t0, s}'
  if [ $status -ne 0 ]; then
    echo "--- last lines of $log:"
    tail -n 25 "$log"
  fi
  return $status
}
logs=$work/logs
mkdir -p "$logs"

# 1. The package.
fresh "$work/deb" || exit 1
step "cpack -G DEB" "$logs/cpack.log" \
  "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" || exit 1
deb=$work/deb/qpvsim_${version}_amd64.deb
[ -f "$deb" ] || { echo "FAIL: cpack made no $(basename "$deb"): $(ls "$work/deb")"; exit 1; }
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"
failures=0
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/qpvsim usr/share/man/man1/qpvsim.1.gz usr/share/qpvsim/README.md \
  usr/share/qpvsim/docs/model/README.md usr/share/qpvsim/scenarios/valenciennes/baseline.toml \
  usr/share/qpvsim/scenarios/territories/valenciennes/qpv.csv \
  usr/share/qpvsim/scenarios/territories/valenciennes/marginals.csv; do
  if ! grep -q " \./$f\$" <<<"$contents"; then
    echo "FAIL: the package lacks /$f"
    [ "$f" = usr/share/man/man1/qpvsim.1.gz ] &&
      echo "  (help2man was missing when configuring: ./setup.sh installs it, then configure again)"
    failures=$((failures + 1))
  fi
done

# 2. The minbase root, once; its package lists refreshed when a day old, so that apt finds
# the versions the mirror holds now.
make_base() {
  fresh "$base" || return 1
  timeout 480 debootstrap --variant=minbase bookworm "$base" "$mirror" || return 1
  # A Debian 12 install's sources: the release, its updates and security fixes.
  {
    echo "deb $mirror bookworm main"
    echo "deb $mirror bookworm-updates main"
    [ -z "$security" ] || echo "deb $security bookworm-security main"
  } >"$base/etc/apt/sources.list"
  touch "$base/.qpvsim-made"
}
update_base() {
  cp /etc/resolv.conf "$base/etc/resolv.conf"
  mount_root "$base" || return 1
  in_root "$base" 180 apt-get update -q
  local status=$?
  unmount_all "$base"
  [ $status -eq 0 ] || return 1
  touch "$base/.qpvsim-updated"
}
if [ ! -f "$base/.qpvsim-made" ]; then
  step "debootstrap --variant=minbase bookworm ($mirror)" "$logs/debootstrap.log" make_base ||
    exit 1
else
  echo "minbase root: reused $base"
fi
if [ ! -f "$base/.qpvsim-updated" ] || [ -n "$(find "$base/.qpvsim-updated" -mmin +1440)" ]; then
  step "apt-get update in the minbase root" "$logs/apt-update.log" update_base || exit 1
fi

# 3. A fresh copy, the package installed with apt.
copy_root() { fresh "$root" && cp -a "$base" "$root"; }
step "copy of the minbase root" "$logs/copy.log" copy_root || exit 1
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
if ! mount_root "$root" 2>"$logs/mount.log"; then
  echo "skipped: cannot mount /proc in the root: $(cat "$logs/mount.log")"
  exit 77
fi
mount --bind "$archives" "$root/var/cache/apt/archives"
step "apt-get install ./$(basename "$deb")" "$logs/apt-install.log" in_root "$root" 300 \
  "cd /tmp && apt-get install -y -q --no-install-recommends ./$(basename "$deb")" || exit 1
grep -E "^(Need to get|[0-9]+ upgraded)" "$logs/apt-install.log"
umount "$root/var/cache/apt/archives"

# 4. The installed command, from a folder of its own.
step "qpvsim --version" "$logs/version.log" in_root "$root" 60 "cd /tmp && qpvsim --version"
status=$?
echo "  $(cat "$logs/version.log")"
if [ $status -ne 0 ] || ! grep -q "^qpvsim $version " "$logs/version.log"; then
  echo "FAIL: qpvsim --version does not print 'qpvsim $version ...'"
  failures=$((failures + 1))
fi
step "qpvsim demo --replicates 2 (in /root/demo)" "$logs/demo.log" in_root "$root" 120 \
  "mkdir -p /root/demo && cd /root/demo && qpvsim demo --replicates 2 --threads 2"
status=$?
tail -n 1 "$logs/demo.log"
if [ $status -ne 0 ]; then
  echo "FAIL: qpvsim demo ended with exit status $status"
  failures=$((failures + 1))
fi
for f in valenciennes_comparaison.h5 rapport_valenciennes.html; do
  if [ ! -s "$root/root/demo/$f" ]; then
    echo "FAIL: the demo wrote no /root/demo/$f"
    failures=$((failures + 1))
  fi
done
grep -q "</html>" "$root/root/demo/rapport_valenciennes.html" 2>/dev/null ||
  { echo "FAIL: the report is not a whole HTML page"; failures=$((failures + 1)); }
# The scenarios installed under /usr/share/qpvsim find their territory there.
step "qpvsim validate /usr/share/qpvsim/scenarios/valenciennes/baseline.toml" \
  "$logs/validate.log" in_root "$root" 60 \
  "cd / && qpvsim validate /usr/share/qpvsim/scenarios/valenciennes/baseline.toml" ||
  failures=$((failures + 1))

if [ $failures -eq 0 ]; then
  unmount_all "$root" && rm -rf --one-file-system "$root"
  echo "the package installs and runs on a fresh Debian 12 root"
fi
exit $((failures > 0))
