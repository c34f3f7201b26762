#!/usr/bin/env bash
# A second Docker engine on this machine reached over tcp:// with TLS, for the environments lab:
# its own CA, server and client certificates (openssl), data root, exec root (its own containerd),
# pidfile, unix socket and bridge `envs0`, no iptables rules; the busybox test image copied in from
# the shared engine. A second CA ("wrong") signs nothing the engine knows: adding the engine with it
# must be refused. When sshd is installed (Debian: openssh-server) a private sshd on
# 127.0.0.1:$ENVS_SSH_PORT lets root in with $root/ssh/id_ed25519 and points `docker` at this engine
# (SetEnv DOCKER_HOST), so ssh://root@127.0.0.1:$ENVS_SSH_PORT reaches it too. Needs root.
# Not `--bridge=none`: a dockerd started so deletes the host's docker0 link at boot.
#   bash test/environments/tls-dockerd.sh start|stop
# Certificates: $root/certs/{ca,cert,key,wrong-ca}.pem; URL: tcp://127.0.0.1:$ENVS_DOCKER_PORT.
set -euo pipefail
root=/tmp/envs-docker
sock=/tmp/envs-docker.sock
pidfile=$root/docker.pid
bridge=envs0
port=${ENVS_DOCKER_PORT:-23761}
ssh_port=${ENVS_SSH_PORT:-23762}
sshdir=$root/ssh
certs=$root/certs
private=(docker -H "unix://$sock")

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

make_certs() {
  [ -f "$certs/cert.pem" ] && return 0
  mkdir -p "$certs"
  cd "$certs"
  openssl genrsa -out ca-key.pem 2048 2>/dev/null
  openssl req -x509 -new -key ca-key.pem -sha256 -days 2 -subj "/CN=envs-lab-ca" -out ca.pem
  openssl genrsa -out wrong-ca-key.pem 2048 2>/dev/null
  openssl req -x509 -new -key wrong-ca-key.pem -sha256 -days 2 -subj "/CN=envs-lab-wrong-ca" -out wrong-ca.pem
  # The engine's certificate names 127.0.0.1 and localhost (Node checks the URL's host against it).
  openssl genrsa -out server-key.pem 2048 2>/dev/null
  openssl req -new -key server-key.pem -subj "/CN=127.0.0.1" -out server.csr
  printf 'subjectAltName = IP:127.0.0.1,DNS:localhost\nextendedKeyUsage = serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -sha256 \
    -extfile server.ext -out server-cert.pem 2>/dev/null
  # The panel's client certificate, signed by the same CA (dockerd --tlsverify demands one).
  openssl genrsa -out key.pem 2048 2>/dev/null
  openssl req -new -key key.pem -subj "/CN=envs-lab-client" -out client.csr
  printf 'extendedKeyUsage = clientAuth\n' >client.ext
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -sha256 \
    -extfile client.ext -out cert.pem 2>/dev/null
  cd - >/dev/null
}

start_sshd() {
  [ -x /usr/sbin/sshd ] || { echo "no /usr/sbin/sshd: the ssh:// part of the lab needs openssh-server" >&2; return 1; }
  mkdir -p "$sshdir" /run/sshd
  [ -f "$sshdir/host_key" ] || ssh-keygen -q -t ed25519 -N "" -f "$sshdir/host_key"
  [ -f "$sshdir/id_ed25519" ] || ssh-keygen -q -t ed25519 -m PEM -N "" -f "$sshdir/id_ed25519"
  [ -f "$sshdir/wrong_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -f "$sshdir/wrong_ed25519"
  cp "$sshdir/id_ed25519.pub" "$sshdir/authorized_keys"
  cat >"$sshdir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $ssh_port
HostKey $sshdir/host_key
PidFile $sshdir/sshd.pid
AuthorizedKeysFile $sshdir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
SetEnv DOCKER_HOST=unix://$sock
CONF
  /usr/sbin/sshd -f "$sshdir/sshd_config" -E "$sshdir/sshd.log"
}

start() {
  running && return 0
  mkdir -p "$root"
  make_certs
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add 10.232.0.1/24 dev "$bridge"
  fi
  ip link set "$bridge" up
  setsid dockerd --host "unix://$sock" --host "tcp://127.0.0.1:$port" \
    --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem" \
    --data-root "$root/data" --exec-root "$root/exec" --pidfile "$pidfile" \
    --bridge="$bridge" --iptables=false --ip6tables=false --shutdown-timeout 2 \
    >>"$root/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 150); do
    "${private[@]}" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  "${private[@]}" version >/dev/null
  if ! "${private[@]}" image inspect ollamamax-test/busybox:latest >/dev/null 2>&1; then
    docker save ollamamax-test/busybox:latest | "${private[@]}" load >/dev/null
  fi
  start_sshd
}

stop() {
  if [ -f "$sshdir/sshd.pid" ]; then kill -TERM "$(cat "$sshdir/sshd.pid")" 2>/dev/null || true; fi
  if running; then
    local pid
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Its mounts (overlay, netns) must go before the folders can.
  grep -o " $root/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$root" "$sock"
  ip link del "$bridge" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
