#!/bin/bash
# Real container engines for io.vigil.container's tests, all state under $VIGIL_CTR (default
# /tmp/vigil-ctr), no registry (images are built here from the host's static busybox and
# catatonit), no network (containers run with --network none).
# Needs Debian 12 packages: docker.io podman runc conmon catatonit containerd busybox-static
# fuse-overlayfs containernetworking-plugins iptables. Run as root.
#
#   runtimes.sh image                      build $VIGIL_CTR/img/{busybox,pause}.tar (docker-archive)
#   runtimes.sh docker-up | docker-down    dockerd on $VIGIL_CTR/docker/docker.sock
#   runtimes.sh docker-run NAME            a container sleeping; prints "<id> <pid>"
#   runtimes.sh docker-shell NAME          'docker exec -d -t NAME sh'; prints the shell's host pid
#   runtimes.sh podman-up | podman-down    podman service on $VIGIL_CTR/podman/podman.sock
#   runtimes.sh podman-run NAME            a container sleeping; prints "<id> <pid>"
#   runtimes.sh containerd-up | containerd-down   containerd with CRI on $VIGIL_CTR/containerd/containerd.sock
#   runtimes.sh ctr-run NAME               a plain containerd container (namespace default); prints "<id> <pid>"
set -euo pipefail
R=${VIGIL_CTR:-/tmp/vigil-ctr}
IMG=$R/img
TAG=localhost/vigil-test/busybox:1.0
PAUSE=localhost/vigil-test/pause:1.0
DOCKER=/usr/bin/docker   # Debian's client (another one may shadow it in /usr/local/bin)

need() { for b in "$@"; do command -v "$b" >/dev/null || { echo "missing $b: apt-get install docker.io podman runc conmon catatonit containerd busybox-static fuse-overlayfs containernetworking-plugins iptables" >&2; exit 3; }; done; }

# <rootfs> <repo:tag> <config json> <out.tar>: a one-layer docker-archive image
archive() {
  local w; w=$(mktemp -d "$IMG/.w.XXXXXX")
  tar --numeric-owner --owner=0 --group=0 --mtime='2025-01-01 00:00Z' --sort=name -C "$1" -cf "$w/layer.tar" .
  local diff; diff=$(sha256sum "$w/layer.tar" | cut -d' ' -f1)
  mkdir "$w/$diff" && mv "$w/layer.tar" "$w/$diff/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"2025-01-01T00:00:00Z","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$3" "$diff" > "$w/config.json"
  local cfg; cfg=$(sha256sum "$w/config.json" | cut -d' ' -f1)
  mv "$w/config.json" "$w/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$2" "$diff" > "$w/manifest.json"
  tar -C "$w" -cf "$4" manifest.json "$cfg.json" "$diff"
  rm -rf "$w"
}

image() {
  [ -f "$IMG/busybox.tar" ] && [ -f "$IMG/pause.tar" ] && return 0
  need busybox catatonit
  mkdir -p "$IMG"
  local fs=$IMG/fs-busybox; rm -rf "$fs"; mkdir -p "$fs"/{bin,etc,proc,sys,dev,tmp,root}
  cp "$(command -v busybox)" "$fs/bin/busybox"
  for a in $("$fs/bin/busybox" --list); do [ -e "$fs/bin/$a" ] || ln -s busybox "$fs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$fs/etc/passwd"; echo 'root:x:0:' > "$fs/etc/group"
  archive "$fs" "$TAG" '{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]}' "$IMG/busybox.tar"
  fs=$IMG/fs-pause; rm -rf "$fs"; mkdir -p "$fs"; cp "$(command -v catatonit)" "$fs/pause"
  archive "$fs" "$PAUSE" '{"Entrypoint":["/pause","-P"]}' "$IMG/pause.tar"
  rm -rf "$IMG"/fs-*
}

wait_for() { for _ in $(seq 1 80); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done; echo "timed out: $*" >&2; return 1; }

D=$R/docker; P=$R/podman; C=$R/containerd
export DOCKER_HOST=unix://$D/docker.sock
podman_env() { export CONTAINERS_CONF=$P/containers.conf CONTAINERS_STORAGE_CONF=$P/storage.conf; }

case "${1:-}" in
image) image ;;
docker-up)
  need dockerd; image
  if ! $DOCKER info >/dev/null 2>&1; then
    mkdir -p "$D"
    nohup dockerd --data-root "$D/root" --exec-root "$D/exec" --pidfile "$D/dockerd.pid" -H "$DOCKER_HOST" \
      --iptables=false --ip6tables=false --bridge=none --storage-driver overlay2 --oom-score-adjust=0 \
      > "$D/dockerd.log" 2>&1 &
    wait_for $DOCKER info
  fi
  $DOCKER load -q -i "$IMG/busybox.tar" >/dev/null ;;
docker-run)
  $DOCKER run -d --name "$2" --network none --label vigil.test=yes "$TAG" sleep 1000000 >/dev/null
  $DOCKER inspect -f '{{.Id}} {{.State.Pid}}' "$2" ;;
docker-shell)   # docker-shell NAME: an interactive shell exec'd with a terminal; prints its host pid
  id=$($DOCKER inspect -f '{{.Id}}' "$2")
  $DOCKER exec -d -t "$2" sh
  for _ in $(seq 1 40); do
    for p in $(grep -l "$id" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do
      [ "$(cat /proc/$p/comm 2>/dev/null)" = sh ] && { echo "$p"; exit 0; }
    done
    sleep 0.25
  done
  echo "no shell appeared in container $2" >&2; exit 1 ;;
docker-down)
  ids=$($DOCKER ps -aq --filter label=vigil.test=yes 2>/dev/null || true)
  [ -n "$ids" ] && $DOCKER rm -f $ids >/dev/null 2>&1 || true
  [ -f "$D/dockerd.pid" ] && kill "$(cat "$D/dockerd.pid")" 2>/dev/null || true
  for _ in $(seq 1 40); do [ -S "$D/docker.sock" ] || break; sleep 0.25; done
  umount -R "$D/exec" 2>/dev/null || true; rm -rf "$D" ;;
podman-up)
  need podman runc conmon; image; podman_env
  mkdir -p "$P/tmp"
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
  podman load -q -i "$IMG/busybox.tar" >/dev/null
  if [ ! -S "$P/podman.sock" ]; then
    nohup podman system service --time=0 "unix://$P/podman.sock" > "$P/service.log" 2>&1 &
    echo $! > "$P/service.pid"
    wait_for test -S "$P/podman.sock"
  fi ;;
podman-run)
  podman_env
  podman run -d --name "$2" --network none --label vigil.test=yes "$TAG" sleep 1000000 >/dev/null
  podman inspect -f '{{.Id}} {{.State.Pid}}' "$2" ;;
podman-down)
  podman_env
  podman rm -f -a -t 0 >/dev/null 2>&1 || true
  [ -f "$P/service.pid" ] && kill "$(cat "$P/service.pid")" 2>/dev/null || true
  podman system reset -f >/dev/null 2>&1 || true
  rm -rf "$P" ;;
containerd-up)
  need containerd ctr; image
  mkdir -p "$C/cni/net.d"
  if ! ctr -a "$C/containerd.sock" version >/dev/null 2>&1; then
    containerd config default | sed \
      -e "s#^root = \".*\"#root = \"$C/root\"#" \
      -e "s#^state = \".*\"#state = \"$C/state\"#" \
      -e "s#address = \"/run/containerd/containerd.sock\"#address = \"$C/containerd.sock\"#" \
      -e "s#path = \"/opt/containerd\"#path = \"$C/opt\"#" \
      -e "s#sandbox_image = \".*\"#sandbox_image = \"$PAUSE\"#" \
      -e "s#bin_dir = \"/opt/cni/bin\"#bin_dir = \"/usr/lib/cni\"#" \
      -e "s#conf_dir = \"/etc/cni/net.d\"#conf_dir = \"$C/cni/net.d\"#" \
      -e "s#restrict_oom_score_adj = false#restrict_oom_score_adj = true#" \
      > "$C/config.toml"
    nohup containerd --config "$C/config.toml" > "$C/containerd.log" 2>&1 &
    echo $! > "$C/containerd.pid"
    wait_for ctr -a "$C/containerd.sock" version
  fi
  ctr -a "$C/containerd.sock" -n k8s.io images import "$IMG/busybox.tar" >/dev/null
  ctr -a "$C/containerd.sock" -n k8s.io images import "$IMG/pause.tar" >/dev/null ;;
ctr-run)   # ctr-run NAME: a plain containerd container in namespace "default"; prints "<id> <pid>"
  A="$C/containerd.sock"
  ctr -a "$A" -n default images import "$IMG/busybox.tar" >/dev/null
  ctr -a "$A" -n default run -d --null-io --label vigil.test=yes "$TAG" "$2" sleep 1000000 >/dev/null
  pid=$(ctr -a "$A" -n default task ls | awk -v n="$2" '$1 == n { print $2 }')
  echo "$2 $pid" ;;
containerd-down)
  for t in $(ctr -a "$C/containerd.sock" -n default task ls -q 2>/dev/null); do ctr -a "$C/containerd.sock" -n default task kill -s KILL "$t" 2>/dev/null || true; done
  sleep 0.5
  for t in $(ctr -a "$C/containerd.sock" -n default containers ls -q 2>/dev/null); do ctr -a "$C/containerd.sock" -n default task rm -f "$t" >/dev/null 2>&1 || true; ctr -a "$C/containerd.sock" -n default containers rm "$t" >/dev/null 2>&1 || true; done
  [ -f "$C/containerd.pid" ] && kill "$(cat "$C/containerd.pid")" 2>/dev/null || true
  sleep 1
  grep -o " $C[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  cp "$C/containerd.log" "$R/containerd-last.log" 2>/dev/null || true   # kept for diagnosis
  rm -rf "$C" ;;
*) echo "usage: $0 image|docker-up|docker-run NAME|docker-down|podman-up|podman-run NAME|podman-down|containerd-up|containerd-down" >&2; exit 2 ;;
esac
