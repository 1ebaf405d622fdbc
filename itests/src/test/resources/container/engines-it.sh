#!/bin/bash
# Container engines for ContainerRulesLiveIT, on the default sockets where Vigil's container bundle
# looks (/var/run/docker.sock, /run/podman/podman.sock), each started here unless one already
# answers there, and a one-layer image built from the host's static busybox (no registry).
# Privileged containers are podman's: on a host whose bounding set lacks a capability (here
# CAP_SYS_RESOURCE) docker's --privileged asks runc for every capability and fails, while podman
# grants the bounding set. Run as root; needs Debian's docker.io, podman, runc, conmon,
# fuse-overlayfs and busybox-static.
#
#   engines-it.sh up                        start (or reuse) both, load localhost/vigil-it/busybox:1.0
#   engines-it.sh docker-run NAME [ARGS..]  a docker container sleeping, ARGS before the image; prints its id
#   engines-it.sh podman-run NAME [ARGS..]  the same with podman
#   engines-it.sh down                      remove this test's containers and image; stop what was started here
set -euo pipefail
R=${VIGIL_IT_DOCKER:-/tmp/vigil-it-docker}
SOCK=/var/run/docker.sock
PSOCK=/run/podman/podman.sock
TAG=localhost/vigil-it/busybox:1.0
DOCKER="/usr/bin/docker -H unix://$SOCK"   # Debian's client; another may shadow it in /usr/local/bin
PODMAN="podman --remote --url unix://$PSOCK"
P=$R/podman
podman_env() { export CONTAINERS_CONF=$P/containers.conf CONTAINERS_STORAGE_CONF=$P/storage.conf; }

need() { for b in "$@"; do command -v "$b" >/dev/null || { echo "missing $b: apt-get install docker.io podman runc conmon fuse-overlayfs busybox-static" >&2; exit 3; }; done; }
wait_for() { for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done; echo "timed out: $*" >&2; return 1; }

# A docker-archive tarball with one layer: the rootfs directory $1, written as $2.
image() {
  local w; w=$(mktemp -d "$R/img.XXXXXX")
  local fs=$w/fs; mkdir -p "$fs"/{bin,etc,proc,sys,dev,tmp,root,mnt}
  cp "$(command -v busybox)" "$fs/bin/busybox"
  for a in $("$fs/bin/busybox" --list); do [ -e "$fs/bin/$a" ] || ln -s busybox "$fs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$fs/etc/passwd"; echo 'root:x:0:' > "$fs/etc/group"
  tar --numeric-owner --owner=0 --group=0 --mtime='2025-01-01 00:00Z' --sort=name -C "$fs" -cf "$w/layer.tar" .
  local diff; diff=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
  mkdir "$w/$diff"; mv "$w/layer.tar" "$w/$diff/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"2025-01-01T00:00:00Z","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff" > "$w/config.json"
  local cfg; cfg=$(sha256sum "$w/config.json" | cut -d' ' -f1)
  mv "$w/config.json" "$w/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$TAG" "$diff" > "$w/manifest.json"
  tar -C "$w" -cf "$1" manifest.json "$cfg.json" "$diff"
  rm -rf "$w"
}

case "${1:-}" in
up)
  need busybox
  mkdir -p "$R"
  if ! $DOCKER info >/dev/null 2>&1; then
    need dockerd
    [ -S "$SOCK" ] && { echo "$SOCK exists but no daemon answers on it" >&2; exit 1; }
    nohup dockerd --data-root "$R/root" --exec-root "$R/exec" --pidfile "$R/dockerd.pid" -H "unix://$SOCK" \
      --iptables=false --ip6tables=false --bridge=none --storage-driver overlay2 --oom-score-adjust=0 \
      > "$R/dockerd.log" 2>&1 &
    wait_for $DOCKER info || { cat "$R/dockerd.log" >&2; exit 1; }
  fi
  if ! $PODMAN info >/dev/null 2>&1; then
    need podman runc conmon
    [ -S "$PSOCK" ] && { echo "$PSOCK exists but no service answers on it" >&2; exit 1; }
    mkdir -p "$P/tmp" "$(dirname "$PSOCK")"; podman_env
    n=$(ulimit -Hn)
    cat > "$P/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$n:$n", "nproc=32768:32768"]
netns = "none"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$P/tmp"
CONF
    printf '[storage]\ndriver = "overlay"\ngraphroot = "%s/root"\nrunroot = "%s/run"\n' "$P" "$P" > "$P/storage.conf"
    nohup podman system service --time=0 "unix://$PSOCK" > "$P/service.log" 2>&1 &
    echo $! > "$P/service.pid"
    wait_for $PODMAN info || { cat "$P/service.log" >&2; exit 1; }
  fi
  image "$R/busybox.tar"
  $DOCKER load -q -i "$R/busybox.tar" >/dev/null
  $PODMAN load -q -i "$R/busybox.tar" >/dev/null ;;
docker-run)
  name=$2; shift 2
  $DOCKER run -d --name "$name" --network none --label vigil.it=yes "$@" "$TAG" sleep 1000000 ;;
podman-run)
  name=$2; shift 2
  $PODMAN run -d --name "$name" --network none --label vigil.it=yes "$@" "$TAG" sleep 1000000 ;;
down)
  ids=$($PODMAN ps -aq --filter label=vigil.it=yes 2>/dev/null || true)
  [ -n "$ids" ] && $PODMAN rm -f -t 0 $ids >/dev/null 2>&1 || true
  $PODMAN rmi -f "$TAG" >/dev/null 2>&1 || true
  if [ -f "$P/service.pid" ]; then
    pid=$(cat "$P/service.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    podman_env; podman system reset -f >/dev/null 2>&1 || true
    rm -f "$PSOCK"
  fi
  ids=$($DOCKER ps -aq --filter label=vigil.it=yes 2>/dev/null || true)
  [ -n "$ids" ] && $DOCKER rm -f $ids >/dev/null 2>&1 || true
  if [ -f "$R/dockerd.pid" ]; then
    $DOCKER rmi -f "$TAG" >/dev/null 2>&1 || true
    pid=$(cat "$R/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    umount -R "$R/exec" 2>/dev/null || true
    grep -o " $R[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  else
    $DOCKER rmi -f "$TAG" >/dev/null 2>&1 || true
  fi
  rm -rf "$R" ;;
*) echo "usage: $0 up | docker-run NAME [options] | podman-run NAME [options] | down" >&2; exit 2 ;;
esac
