#!/usr/bin/env bash
# Boot benchmark: Debian's kernel (bin/fetch-linux) with a busybox initramfs that prints a marker and powers
# off, booted by Multiverse and by QEMU TCG (if installed) in the same run; prints the wall time to the marker
# for both, their ratio, and Multiverse's guest MIPS.
#   bench/boot.sh [--cores 1,4] [--runs N] [--qemu COMMAND|none]
set -euo pipefail
. "$(dirname "$0")/../bin/env.sh"
cd "$MULTIVERSE_HOME"
target=${MV_TARGET:-target}
bin/fetch-linux
mvn -q -B -Dmv.target="$target" -pl cli,bench -am package -DskipTests
exec java -cp "bench/$target/benchmarks.jar" dev.multiverse.bench.BootBenchmark --kernel build/linux/vmlinuz \
    --busybox build/linux/busybox --cli-jar "cli/$target/cli.jar" "$@"
