#!/usr/bin/env bash
# OllamaMax local image kit: builds the cluster's images from Debian packages only (no registry).
#
#   scripts/images/build.sh            build what is missing or outdated (cached: a no-op in ~1 s)
#   scripts/images/build.sh --check    list missing/outdated images; exit 1 if any (panel preflight)
#   scripts/images/build.sh --force    rebuild every image without Docker's layer cache
#                                      (the base is re-imported from the cached root filesystem)
#   scripts/images/build.sh --force-rootfs   like --force, and debootstrap the base again
#
# How: debootstrap (Debian's default mirror) makes a bookworm minbase root filesystem with the
# packages in images/base/packages.txt; it is cached as a tarball in $OLLAMAMAX_IMAGES_CACHE
# (default /var/cache/ollamamax-images) and `docker import`ed as ollamamax-local/base:<hash>.
# Thin images are `docker build`s FROM that base (images/<name>/Dockerfile). Every image carries
# org.ollamamax.kit=local and org.ollamamax.kit.recipe-hash=<sha256 of the kit's recipe files>;
# an image is rebuilt only when that label differs from the current recipe hash.
# The base is keyed by the hash of images/base/ alone (its own recipe), so changing a thin
# image's recipe never re-runs debootstrap.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KIT="$ROOT/images"
CACHE=${OLLAMAMAX_IMAGES_CACHE:-/var/cache/ollamamax-images}
SUITE=bookworm
export DOCKER_BUILDKIT=0 # the engine here has no BuildKit client plugin; the classic builder is enough

# name | tag | build context (under images/) | Dockerfile target ("-" for none)
IMAGES=(
  "postgres|ollamamax-local/postgres:15|postgres|-"
  "redis|ollamamax-local/redis:7|redis|-"
  "nginx|ollamamax-local/nginx:latest|nginx|-"
  "prometheus|ollamamax-local/prometheus:latest|prometheus|-"
  "dev-tools|ollamamax-local/dev-tools:latest|dev-tools|-"
  "node|ollamamax-local/node:latest|simulator|node"
  "minio-sim|ollamamax-local/minio-sim:latest|simulator|minio-sim"
  "grafana-sim|ollamamax-local/grafana-sim:latest|simulator|grafana-sim"
  "jaeger-sim|ollamamax-local/jaeger-sim:latest|simulator|jaeger-sim"
)

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --force) mode=force ;;
  --force-rootfs) mode=force-rootfs ;;
  -h | --help)
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "unknown option: $1 (use --check, --force, --force-rootfs or --help)" >&2
    exit 2
    ;;
esac

t_start=$(date +%s.%N)
say() { echo "==> $*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

# ---------------------------------------------------------------- recipe hashes
# Recipe files: everything under images/ that shapes an image (not docs, not the env file), plus
# this script. Hash = sha256 over "sha256  relative/path" lines, sorted by path.
hash_files() {
  (cd "$ROOT" && LC_ALL=C sort | xargs -r -d '\n' sha256sum) | sha256sum | cut -d' ' -f1
}
kit_files() {
  (cd "$ROOT" && find images -type f ! -name '*.md' ! -name 'local-images.env' \
    ! -name '*.pyc' ! -path '*/__pycache__/*' && echo scripts/images/build.sh)
}
KIT_HASH=$(kit_files | hash_files)
BASE_HASH=$( (cd "$ROOT" && find images/base -type f ! -name '*.md') | hash_files)
BASE_TAG="ollamamax-local/base:${BASE_HASH:0:12}"
ROOTFS_TAR="$CACHE/rootfs-$SUITE-minbase-${BASE_HASH:0:16}.tar"

if ! docker info >/dev/null 2>&1; then
  echo "No Docker engine answers (docker info failed)." >&2
  echo "Start one first, e.g. as root: bash scripts/env/ensure-docker.sh" >&2
  exit 1
fi

label_of() { # image -> its recipe-hash label, or "" when the image is absent
  docker image inspect --format '{{ index .Config.Labels "org.ollamamax.kit.recipe-hash" }}' "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- status
declare -a todo=()
missing=0
outdated=0
for entry in "${IMAGES[@]}"; do
  IFS='|' read -r name tag _ _ <<<"$entry"
  have=$(label_of "$tag")
  if [ -z "$have" ] && ! docker image inspect "$tag" >/dev/null 2>&1; then
    state=missing
    missing=$((missing + 1))
  elif [ "$have" != "$KIT_HASH" ]; then
    state=outdated
    outdated=$((outdated + 1))
  else
    state=ok
  fi
  if [ "$mode" = check ]; then
    printf '%-9s %s\n' "$state" "$tag"
  fi
  if [ "$state" != ok ] || [ "$mode" = force ] || [ "$mode" = force-rootfs ]; then
    todo+=("$entry")
  fi
done

if [ "$mode" = check ]; then
  if [ $((missing + outdated)) -gt 0 ]; then
    echo "$missing missing, $outdated outdated (recipe ${KIT_HASH:0:12}). Build them with: npm run images   (or: bash scripts/images/build.sh)"
    exit 1
  fi
  echo "all ${#IMAGES[@]} images present and current (recipe ${KIT_HASH:0:12})"
  exit 0
fi

if [ "${#todo[@]}" -eq 0 ]; then
  say "all ${#IMAGES[@]} images current (recipe ${KIT_HASH:0:12}); nothing to build ($(elapsed "$t_start") s)"
  exit 0
fi

# ---------------------------------------------------------------- build
base_label=$(label_of "$BASE_TAG")
# The base is reused as is on a normal run when its label matches; otherwise it is (re)imported from
# the cached root filesystem, which debootstrap makes first when absent (or with --force-rootfs).
reuse_base=no
[ "$mode" = build ] && [ "$base_label" = "$BASE_HASH" ] && reuse_base=yes
need_rootfs=no
if [ "$reuse_base" = no ] && { [ "$mode" = force-rootfs ] || [ ! -s "$ROOTFS_TAR" ]; }; then
  need_rootfs=yes
  if [ "$(id -u)" != 0 ]; then
    echo "Building the base root filesystem needs root (debootstrap): sudo bash scripts/images/build.sh" >&2
    exit 1
  fi
  if ! command -v debootstrap >/dev/null; then
    echo "debootstrap is missing: apt-get install -y debootstrap" >&2
    exit 1
  fi
fi
lock="$CACHE/.build.lock"
if ! mkdir -p "$CACHE" 2>/dev/null || [ ! -w "$CACHE" ]; then
  if [ "$need_rootfs" = yes ]; then
    echo "The cache folder $CACHE is not writable: run as root, or set OLLAMAMAX_IMAGES_CACHE" >&2
    exit 1
  fi
  lock="${TMPDIR:-/tmp}/ollamamax-images-build.lock"
fi
# One build at a time per machine (clones share the cache and the engine).
exec 9>>"$lock"
if ! flock -n 9; then
  say "another image kit build is running; waiting for it"
  flock 9
fi

say "building ${#todo[@]} image(s), recipe ${KIT_HASH:0:12}, base ${BASE_HASH:0:12}"

if [ "$reuse_base" = yes ]; then
  docker tag "$BASE_TAG" ollamamax-local/base:latest
  say "base: $BASE_TAG present"
else
  if [ "$need_rootfs" = yes ]; then
    t=$(date +%s.%N)
    say "base: debootstrap $SUITE minbase into $ROOTFS_TAR (about a minute)"
    bash "$KIT/base/make-rootfs.sh" "$ROOTFS_TAR" "$CACHE/debs"
    say "base: root filesystem ready ($(du -h "$ROOTFS_TAR" | cut -f1), $(elapsed "$t") s)"
  else
    say "base: reusing cached root filesystem $ROOTFS_TAR"
  fi
  t=$(date +%s.%N)
  old_base=$(docker image inspect --format '{{.Id}}' "$BASE_TAG" 2>/dev/null || true)
  docker import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" \
    --change 'CMD ["bash"]' \
    --change "LABEL org.ollamamax.kit=local org.ollamamax.kit.recipe-hash=$BASE_HASH org.ollamamax.kit.base-hash=$BASE_HASH" \
    --message "OllamaMax kit base: debootstrap $SUITE minbase + images/base/packages.txt" \
    "$ROOTFS_TAR" "$BASE_TAG" >/dev/null
  docker tag "$BASE_TAG" ollamamax-local/base:latest
  if [ -n "$old_base" ]; then docker image rm "$old_base" >/dev/null 2>&1 || true; fi
  say "base: imported $BASE_TAG ($(elapsed "$t") s)"
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

build_one() { # entry -> docker build; prints one progress line
  local name tag ctx target t old new
  IFS='|' read -r name tag ctx target <<<"$1"
  t=$(date +%s.%N)
  old=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  local args=(build --build-arg "BASE_IMAGE=$BASE_TAG" --build-arg "KIT_HASH=$KIT_HASH" -t "$tag")
  [ "$target" = - ] || args+=(--target "$target")
  case "$mode" in force | force-rootfs) args+=(--no-cache) ;; esac
  if ! docker "${args[@]}" "$KIT/$ctx" >"$logs/$name.log" 2>&1; then
    echo "!!  $tag failed; last lines of its build log:" >&2
    tail -n 30 "$logs/$name.log" >&2
    return 1
  fi
  new=$(docker image inspect --format '{{.Id}}' "$tag")
  # The previous build of this tag is now untagged: drop it unless something still uses it.
  if [ -n "$old" ] && [ "$old" != "$new" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
  say "built $tag ($(elapsed "$t") s)"
}

# Independent images build in parallel (apt downloads overlap with unpacking); the simulator's
# role images share one stage, so they build one after another in a single job.
pids=()
sim=()
for entry in "${todo[@]}"; do
  IFS='|' read -r name tag ctx _ <<<"$entry"
  if [ "$ctx" = simulator ]; then
    sim+=("$entry")
  else
    say "building $tag ..."
    build_one "$entry" &
    pids+=($!)
  fi
done
if [ "${#sim[@]}" -gt 0 ]; then
  say "building the workload simulator: ${#sim[@]} role image(s) ..."
  (for entry in "${sim[@]}"; do build_one "$entry" || exit 1; done) &
  pids+=($!)
fi
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ "$failed" != 0 ]; then
  echo "image kit build FAILED after $(elapsed "$t_start") s" >&2
  exit 1
fi

# Earlier builds that nothing uses any more are dropped: bases of other recipes (untagged here;
# refused while a container still runs on them) and untagged images with the kit label.
for old in $(docker images ollamamax-local/base --format '{{.Repository}}:{{.Tag}}'); do
  case "$old" in "$BASE_TAG" | ollamamax-local/base:latest) ;; *) docker image rm "$old" >/dev/null 2>&1 || true ;; esac
done
docker image prune -f --filter label=org.ollamamax.kit=local >/dev/null 2>&1 || true

say "done in $(elapsed "$t_start") s; images:"
docker images --filter label=org.ollamamax.kit=local --filter dangling=false --format '    {{.Repository}}:{{.Tag}}  {{.Size}}' | sort
echo "    local-images mode: $KIT/local-images.env"
