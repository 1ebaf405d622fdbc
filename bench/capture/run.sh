#!/bin/sh
# Consumer throughput of the live syscall capture (needs root, BPF; build first:
#   mvn -B -o -q install -pl bundles/io.vigil.source.ebpf -am -DskipTests).
# Prints, per workload rate (open+close pairs/s, 0 = unpaced), the events/s consumed,
# kernel drops and the consumer thread's CPU time per event.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
cc -O2 -o "$out/openclose" "$here/openclose.c"
cp="$root/bundles/io.vigil.source.ebpf/target/classes:$root/bundles/io.vigil.libbpf/target/io.vigil.libbpf-0.1.0-SNAPSHOT.jar"
cp="$cp:$root/bundles/io.vigil.syscall.api/target/classes:$root/plugin-sdk/io.vigil.sdk/target/classes"
java -cp "$cp" "$here/CaptureBench.java" "$out/openclose" "${SECONDS_PER_RUN:-3}" "${RATES:-50000,100000,0}"
rm -rf "$out"
