#!/usr/bin/env bash
# Builds the JMH benchmarks and measures the interpreter on compute.elf (integer) and ssebench.elf (SSE2),
# then prints guest MIPS for each.
#   bench/run.sh [JMH options...]     e.g. bench/run.sh -p rom=ssebench -i 10
# Defaults: 1 fork, 3 warmup and 5 measurement iterations of 10 s. Results: bench/<target>/result.json.
# MV_TARGET selects the build folder (default "target", as bin/setup builds).
set -euo pipefail
. "$(dirname "$0")/../bin/env.sh"
cd "$MULTIVERSE_HOME"
target=${MV_TARGET:-target}
mvn -q -B -Dmv.target="$target" -pl bench -am package -DskipTests
out="bench/$target"
java -jar "$out/benchmarks.jar" InterpreterBenchmark -f 1 -wi 3 -i 5 \
    -rf json -rff "$out/result.json" "$@" | tee "$out/jmh.log"
# The auxiliary counter "run:instructions" is guest instructions per second, one line per ROM.
# Columns: Benchmark (rom) (rounds) Mode Cnt Score [± Error] Units.
awk '$1 ~ /:instructions$/ { for (i = 1; i <= NF; i++) if ($i == "thrpt") { score = $(i + 2); err = (NF > i + 4) ? $(i + 4) : 0 }
                       gsub(",", "", score); gsub(",", "", err)
                       printf "guest speed: %.1f MIPS (+- %.1f) on %s.elf\n", score / 1e6, err / 1e6, $2; found = 1 }
     END { if (!found) { print "bench: no instructions score in the JMH output" > "/dev/stderr"; exit 1 } }' "$out/jmh.log"
