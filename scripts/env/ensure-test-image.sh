#!/usr/bin/env bash
# Builds the tiny base image the Docker tests use, from Debian's busybox-static (no registry exists
# here). Reused when present: a second run only checks the tag.
set -euo pipefail
IMAGE="ollamamax-test/busybox:latest"

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "${BASH_SOURCE[0]}")/packages.sh" test
# Read the whole list (no grep -q): with pipefail, grep quitting at the match makes busybox's write
# fail with SIGPIPE and the pipeline "false" though httpd is there.
if ! /bin/busybox --list | grep -x httpd >/dev/null; then
  echo "/bin/busybox has no httpd applet: install Debian's busybox-static (apt-get install -y busybox-static)." >&2
  exit 1
fi

echo "==> building $IMAGE from busybox-static"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/www" "$root/proc" "$root/sys" "$root/dev"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "ok" >"$root/www/health"
tar -C "$root" -c . | docker import \
  --change 'CMD ["/bin/sh"]' \
  --change 'ENV PATH=/bin' \
  --change 'LABEL org.ollamamax.kit=test' \
  - "$IMAGE" >/dev/null
echo "==> $IMAGE ready"
