#!/bin/sh
# Mirrors the official redis image's entrypoint: `-flags` or a .conf file run redis-server; as root,
# /data is handed to the redis user and the server drops privileges; without a config file,
# protected mode is off and the server binds every interface (containers are reached by network).
set -e

case "${1:-}" in
  -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = "redis-server" ]; then
  has_conf=no; has_pm=no; has_bind=no
  for a in "$@"; do
    case "$a" in
      *.conf) has_conf=yes ;;
      --protected-mode) has_pm=yes ;;
      --bind) has_bind=yes ;;
    esac
  done
  [ "$has_pm" = yes ] || set -- "$@" --protected-mode no
  [ "$has_conf" = yes ] || [ "$has_bind" = yes ] || set -- "$@" --bind 0.0.0.0
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis:redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
fi

exec "$@"
