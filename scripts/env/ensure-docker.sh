#!/usr/bin/env bash
# Makes a Docker engine answer, idempotently: does nothing when `docker info` already works.
# On Debian as root it installs docker.io and starts dockerd in the background (log in
# /var/log/ollamamax-dockerd.log); elsewhere it says what to do instead of guessing.
set -euo pipefail

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if engine_answers; then
  exit 0
fi
if [ -n "${DOCKER_HOST:-}" ]; then
  echo "DOCKER_HOST=$DOCKER_HOST is set but no engine answers there: start it, or unset DOCKER_HOST." >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "No Docker engine answers and this is not root: run \`sudo apt-get install -y docker.io && sudo systemctl start docker && sudo usermod -aG docker $(id -un)\`, sign in again, then run this command again." >&2
  exit 1
fi

bash "$(dirname "${BASH_SOURCE[0]}")/packages.sh" docker

# systemd is not PID 1 in containers and CI sandboxes: start dockerd directly. Only the default
# engine's own pidfile says whether it is starting: other dockerds (a lab's private engine, with its
# own socket) must not be taken for it.
default_pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
if [ -z "$default_pid" ] || ! kill -0 "$default_pid" 2>/dev/null; then
  echo "==> starting dockerd (log: /var/log/ollamamax-dockerd.log)"
  nohup dockerd >/var/log/ollamamax-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if engine_answers; then
    echo "==> Docker engine $(docker version --format '{{.Server.Version}}') is up"
    exit 0
  fi
  sleep 1
done
echo "dockerd did not answer within 60 s; its log ends with:" >&2
tail -n 20 /var/log/ollamamax-dockerd.log >&2 || true
exit 1
