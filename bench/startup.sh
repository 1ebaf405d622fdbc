#!/usr/bin/env bash
# Measures bin/vigil start-up on this machine and prints the figures:
#   - a short command (--version), wall time, 5 runs
#   - a run: from launch to "ready" (rules loaded, sources open), cold (empty data/) and warm
#   - a run: from launch to the first alert, for a process named nginx reading /etc/shadow
# Usage: bench/startup.sh [path/to/assembly]   (default karaf-dist/target/assembly)
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(readlink -f "${1:-karaf-dist/target/assembly}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { date +%s%3N; }

echo "# bin/vigil start-up ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
for i in ${SHORT_RUNS:-1 2 3 4 5}; do
  t0=$(ms); "$home/bin/vigil" --version >/dev/null 2>&1; t1=$(ms)
  echo "short command (--version) run $i: $((t1 - t0)) ms"
done

cat > "$work/rules.yaml" <<'RULES'
- rule: Bench shadow read by nginx
  desc: start-up benchmark rule
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow and proc.name = nginx
  output: shadow read by %proc.name
  priority: WARNING
RULES
cp /bin/cat "$work/nginx"

run_until_ready() { # $1 = label
  rm -f "$work/ready" "$work/out" "$work/err"
  t0=$(ms)
  "$home/bin/vigil" -r "$work/rules.yaml" -o "vigil.ready_file=$work/ready" -M 120 >"$work/out" 2>"$work/err" &
  pid=$!
  while [ ! -s "$work/ready" ]; do sleep 0.02; kill -0 $pid 2>/dev/null || { cat "$work/err"; exit 1; }; done
  t1=$(ms)
  while ! grep -q "shadow read by nginx" "$work/out"; do "$work/nginx" /etc/shadow >/dev/null; sleep 0.02; done
  t2=$(ms)
  echo "$1: launch to ready $((t1 - t0)) ms (Vigil's own count: $(cat "$work/ready" | tr -d '\n') ms), launch to first alert $((t2 - t0)) ms"
  kill $pid; wait $pid 2>/dev/null || true
}
rm -rf "$home/data"
run_until_ready "run, cold (empty data/)"
run_until_ready "run, warm (bundle cache in data/)"
