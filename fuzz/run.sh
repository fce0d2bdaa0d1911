#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for SECONDS (default 60), one after another.
#
#   fuzz/run.sh [SECONDS] [TARGET ...]      e.g. fuzz/run.sh 600 BatchLine JSONDocument
#   FUZZ_RUNS=1000000 fuzz/run.sh 0 ...     a fixed number of executions instead of a time
#   FUZZ_BUILD_ONLY=1 fuzz/run.sh           build only
#
# The library is compiled once (with -sanitize=fuzzer,address, -enable-testing for the batch decoder's
# internals) into .build-fuzz/, apart from the package's .build/, so `swift build` and `swift test` are not
# affected. Each target is one file in fuzz/targets/ plus fuzz/targets/Common.swift. The seed corpora in
# fuzz/corpus/TARGET/ are copied to .build-fuzz/corpus/TARGET/, where the fuzzer adds what it finds; the
# checked-in seeds never change. A finding (crash, sanitizer report, a `finding(...)` trap, a timeout)
# stops that target, is saved as .build-fuzz/findings/TARGET/crash-…, and makes the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
# Swift's own crash backtracer reads freed memory as it works, which AddressSanitizer reports instead of the
# real finding: leave crashes to the sanitizer and libFuzzer.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

seconds="${1:-60}"
shift || true
# HTTPRequest: `threshold serve`'s request parser and APIService, with no socket.
# ServiceConnection: its connection state machine, bytes split at random, partial writes, deadlines.
# LSPMessage: `threshold lsp`'s LSPServer, with no pipes.
all=(RulesSource ScenarioSource JSONDocument BatchLine ReplLine HTTPRequest ServiceConnection LSPMessage)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

out=.build-fuzz
mkdir -p "$out/lib"
flags=(-O -swift-version 6 -sanitize=fuzzer,address -g)

# The library, rebuilt when a source is newer than it.
lib="$out/lib/libThresholdKit.a"
if [ ! -f "$lib" ] || [ -n "$(find Sources/ThresholdKit -newer "$lib" -type f | head -n 1)" ]; then
  echo "== building ThresholdKit for fuzzing (a few minutes)"
  # From a copy of the sources, so that editing them meanwhile does not spoil the build.
  rm -rf "$out/src" && mkdir -p "$out/src" && cp -R Sources/ThresholdKit "$out/src/"
  # The package's `.embedInCode` resources (Package.swift): SwiftPM generates `PackageResources`; this build
  # is plain swiftc, so it writes the same declarations itself.
  python3 - "$out/src/ThresholdKit" Package.swift <<'PY'
import os, re, sys
root = sys.argv[1]
# Every `.embedInCode("…")` of Package.swift, so a resource added there is added here too.
names = re.findall(r'\.embedInCode\("([^"]+)"\)', open(sys.argv[2]).read())
with open(os.path.join(root, "PackageResources.generated.swift"), "w") as out:
    out.write("enum PackageResources {\n")
    for n in names:
        data = open(os.path.join(root, n), "rb").read()
        ident = os.path.basename(n).replace(".", "_").replace("-", "_")
        out.write("    static let %s: [UInt8] = [%s]\n" % (ident, ",".join(str(b) for b in data)))
    out.write("}\n")
PY
  (cd "$out/lib" && swiftc "${flags[@]}" -wmo -parse-as-library -enable-testing -emit-library -static -emit-module \
     -module-name ThresholdKit $(find ../src/ThresholdKit -name '*.swift' | sort) -o libThresholdKit.a.new) \
    && mv "$out/lib/libThresholdKit.a.new" "$lib"
fi

status=0
for t in "${targets[@]}"; do
  src="fuzz/targets/$t.swift"
  if [ ! -f "$src" ]; then echo "== $t: no $src yet (skipped)"; continue; fi
  bin="$out/fuzz-$t"
  if [ ! -f "$bin" ] || [ "$src" -nt "$bin" ] || [ fuzz/targets/Common.swift -nt "$bin" ] || [ "$lib" -nt "$bin" ]; then
    echo "== building $t"
    rm -f "$bin"
    swiftc "${flags[@]}" -parse-as-library -I "$out/lib" -L "$out/lib" -lThresholdKit \
      fuzz/targets/Common.swift "$src" -o "$bin" 2>&1 | { grep -v "Cannot export local symbol" || true; } || true
    [ -f "$bin" ] || { echo "   $t: build failed"; status=1; continue; }
  fi
  [ -n "${FUZZ_BUILD_ONLY:-}" ] && continue
  corpus="$out/corpus/$t"
  findings="$out/findings/$t"
  mkdir -p "$corpus" "$findings"
  cp -n fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  echo "== fuzzing $t (${FUZZ_RUNS:-$seconds s}${FUZZ_RUNS:+ runs})"
  log="$out/$t.log"
  case "$t" in RulesSource) max_len=2048 ;; JSONDocument|LSPMessage) max_len=4096 ;; ReplLine) max_len=512 ;; *) max_len=1024 ;; esac
  # -detect_leaks=0: LeakSanitizer cannot follow Swift's tagged enum pointers, so every compiled rule set
  # kept in a cache is reported as leaked (see docs/hardening.md); leaks are not what these targets look for.
  if "$bin" "$corpus" "${limit[@]}" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 \
       -artifact_prefix="$findings/" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "   $t: $runs executions, $rate per second, no finding"
  else
    status=1
    echo "   $t: FINDING (see $log and $findings/)"
    grep -E "FINDING|ERROR|SUMMARY|Fatal error" "$log" | head -n 5 || true
  fi
done
exit $status
