#!/usr/bin/env bash
# Makes a Debian 12 (bookworm) base image from Debian's own packages, for machines that reach a
# Debian mirror but no image registry (this project's CI). It plays the part of debian:bookworm-slim:
# a minbase root file system, apt's caches and lists emptied, documentation and locales left out
# (for later installs too). Idempotent: an existing image is kept.
#   bash deploy/base/make-base.sh [IMAGE]     # default geoorchestration/debian:bookworm; prints the image name
# Needs root, debootstrap and a running Docker engine. ~30 s.
set -euo pipefail
image="${1:-geoorchestration/debian:bookworm}"
if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi
command -v debootstrap >/dev/null 2>&1 || { echo "make-base: debootstrap not found: apt-get install debootstrap" >&2; exit 1; }

# The mirror this machine's apt uses (deb822 .sources or a classic sources.list), else Debian's own.
mirror="$(grep -h -m1 -E '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | head -n1 || true)"
[ -n "$mirror" ] || mirror="$(grep -h -m1 -E '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"

root="$(mktemp -d /tmp/geoorch-base-XXXXXX)"
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  echo "make-base: debootstrap failed; its log ends:" >&2; tail -n 20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

# apt inside builds reads the same sources as the host (same mirror, with updates and security).
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
fi
cat >"$root/etc/dpkg/dpkg.cfg.d/geoorchestration-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
cat >"$root/etc/apt/apt.conf.d/geoorchestration-slim" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CFG
# As Debian's official images (their docker-clean): no package caches or downloaded .debs left in the
# layer of a later `apt-get install` (apt's *.bin caches alone are ~90 MB after an update).
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
find "$root/usr/share/doc" -mindepth 2 ! -name copyright -type f -delete 2>/dev/null || true
rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/var/cache/apt/"*.bin "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true

tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
echo "$image"
