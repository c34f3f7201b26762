#!/usr/bin/env bash
# Builds the kit's base root filesystem with debootstrap (Debian's default mirror: no mirror
# argument, no host name written here) and writes it as an uncompressed tarball.
#   make-rootfs.sh OUT.tar [DEB_CACHE_DIR]
# DEB_CACHE_DIR (optional) keeps the downloaded .debs so a later re-bootstrap downloads nothing.
# Needs root and debootstrap. Everything the base needs is installed by debootstrap itself
# (--include resolves dependencies), so no apt run inside the chroot is required.
set -euo pipefail
out=${1:?usage: make-rootfs.sh OUT.tar [DEB_CACHE_DIR]}
debs=${2:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite=bookworm

pkgs=$(grep -v '^\s*#' "$here/packages.txt" | awk 'NF{print $1}' | paste -sd, -)
work=$(mktemp -d /var/tmp/ollamamax-rootfs.XXXXXX)
cleanup() {
  # debootstrap may leave proc/sys mounted when it fails half-way
  for m in proc sys dev/pts dev; do umount -l "$work/rootfs/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

cache_args=()
if [ -n "$debs" ]; then
  mkdir -p "$debs"
  cache_args=(--cache-dir="$(cd "$debs" && pwd)")
fi
echo "    debootstrap --variant=minbase --include=$pkgs $suite (default mirror)"
debootstrap --variant=minbase "${cache_args[@]}" --include="$pkgs" "$suite" "$work/rootfs" >"$work/debootstrap.log" 2>&1 || {
  tail -n 40 "$work/debootstrap.log" >&2
  echo "debootstrap failed (log above)" >&2
  exit 1
}
r="$work/rootfs"

# Container conventions (as Debian's official docker images do them).
install -m 0755 "$here/policy-rc.d" "$r/usr/sbin/policy-rc.d"
install -m 0644 "$here/dpkg-nodoc.cfg" "$r/etc/dpkg/dpkg.cfg.d/ollamamax-nodoc"
install -m 0644 "$here/apt-container.conf" "$r/etc/apt/apt.conf.d/90ollamamax-container"

# Slim: docs, man pages, translations and caches are never used in a container.
find "$r/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$r/usr/share/man/"* "$r/usr/share/info/"* "$r/usr/share/lintian" "$r/usr/share/linda"
find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
rm -rf "$r/var/cache/apt/"*.bin "$r/var/cache/apt/archives/"*.deb "$r/var/lib/apt/lists/"* \
  "$r/var/log/"*.log "$r/var/cache/debconf/"*-old "$r/etc/hostname" "$r/etc/resolv.conf"
: >"$r/etc/hosts"

tar --numeric-owner --xattrs -C "$r" -cf "$out.partial" .
mv "$out.partial" "$out"
