#!/usr/bin/env bash
# The threshold benchmark: builds the release binary, generates its inputs under .build-bench/ (ignored by
# git), runs every measurement once and prints one table. See docs/performance.md for the method.
#
#   bench/run.sh              the full run (about ten minutes on two cores)
#   QUICK=1 bench/run.sh      smaller inputs, for a try-out (the figures are then not comparable)
#
# Needs: the Swift toolchain, python3 (with venv and pip: zen-engine, clipspy and opa-eval are installed into
# .build-bench/venv), and GNU time at /usr/bin/time (installed with apt-get when missing and possible).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-bench
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
note() { printf '%s\n' "$*" >&2; }
put() { printf '%s=%s\n' "$1" "$2" >> "$RESULTS"; }

if [ "${QUICK:-0}" = 1 ]; then
  EVAL_N=300000; CONTACT_N=100000; FULL_N=20000; TABLE_N=20000; RULE_COUNTS="100 1000 10000"
else
  EVAL_N=3000000; CONTACT_N=1000000; FULL_N=200000; TABLE_N=200000; RULE_COUNTS="100 1000 10000"
fi
LINT_TIMEOUT=${LINT_TIMEOUT:-60}

# The binary README tells people to hand over: release, with the Swift runtime and Foundation linked in
# (`--static-swift-stdlib`). It starts in about half the time of the plain release build, whose dynamic linker
# resolves the shared libraries' symbols at every start (docs/performance.md, "The binary people run").
note "== building release (self-contained, as README hands it over)"
swift build -c release --static-swift-stdlib --product threshold --scratch-path .build-static >&2
BIN=.build-static/release/threshold
RULES=rules/front-door.rules
"$BIN" check "$RULES" >/dev/null || { note "$RULES does not load"; exit 2; }

if [ ! -x /usr/bin/time ]; then
  note "== installing GNU time"
  (apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null 2>&1) || { note "needs /usr/bin/time"; exit 2; }
fi
if [ ! -x "$OUT/venv/bin/python" ] || ! "$OUT/venv/bin/python" -c "import zen, clips, opa_eval" 2>/dev/null; then
  note "== installing zen-engine, clipspy and opa-eval (regorus) into $OUT/venv"
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install -q zen-engine clipspy opa-eval >&2
fi
PY="$OUT/venv/bin/python"

put machine "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
put load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
put swift "$(swift --version 2>/dev/null | head -1)"
put zen_version "$("$PY" -c 'import importlib.metadata as m; print(m.version("zen-engine"))')"
put clips_version "$("$PY" -c 'import importlib.metadata as m; print(m.version("clipspy"))')"
put rego_version "$("$PY" -c 'import importlib.metadata as m; print(m.version("opa-eval"))')"

note "== generating inputs"
"$BIN" bench-eval "$RULES" --schema > "$OUT/schema.jsonl"
[ -s "$OUT/contact-$CONTACT_N.jsonl" ] || python3 bench/generate.py scenarios "$OUT/schema.jsonl" contact "$CONTACT_N" "$OUT/contact-$CONTACT_N.jsonl"
[ -s "$OUT/full-$FULL_N.jsonl" ] || python3 bench/generate.py scenarios "$OUT/schema.jsonl" full "$FULL_N" "$OUT/full-$FULL_N.jsonl"
for n in $RULE_COUNTS; do [ -s "$OUT/gen-$n.rules" ] || python3 bench/generate.py rules "$n" "$OUT/gen-$n.rules"; done
mkdir -p "$OUT/table"
python3 bench/compare.py write "$OUT/table"
cmp -s "$OUT/table/table.rules" bench/front-door-table.rules || { note "bench/front-door-table.rules differs from what bench/compare.py writes"; exit 2; }
[ -s "$OUT/table-$TABLE_N.jsonl" ] || python3 bench/compare.py scenarios "$TABLE_N" "$OUT/table-$TABLE_N.jsonl"

note "== evaluation in process ($EVAL_N scenarios, one thread)"
# The whole lines in the first 15 MB (about 12,500 contact lines): scenario files are read whole, up to 16 MiB
# (Support/Limits.swift); 15,000 lines had grown past it, and bench-eval then read none.
head -c 15000000 "$OUT/contact-$CONTACT_N.jsonl" | head -n -1 > "$OUT/contact-pool.jsonl"
put eval_contact "$("$BIN" bench-eval "$RULES" --n "$EVAL_N" --input "$OUT/contact-pool.jsonl")"
put eval_full "$("$BIN" bench-eval "$RULES" --n "$EVAL_N")"

# fastest FILE...: the line with the smallest first field (elapsed seconds) among time(1) outputs.
fastest() { sort -n "$@" | head -1; }

# batch NAME FILE JOBS [RULES [OPTION…]]: lines/s and peak memory of `threshold batch` over FILE, output to /dev/null;
# the faster of two runs (the machine may be shared: the slower run measures the neighbours too).
batch() {
  local name=$1 file=$2 jobs=$3 rules=${4:-$RULES} lines
  local extra=("${@:5}")   # more options for `threshold batch` (e.g. --outcome-only)
  lines=$(wc -l < "$file")
  for run in 1 2; do
    # Elapsed to the millisecond (time(1)'s %e has two decimals: 10% of a 0.1 s run), peak memory from time(1).
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$OUT/rss-$name-$run.txt" "$BIN" batch "$rules" --input "$file" --jobs "$jobs" "${extra[@]}" > /dev/null
    end=$(date +%s%N)
    printf '%s %s\n' "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')" \
      "$(cat "$OUT/rss-$name-$run.txt")" > "$OUT/time-$name-$run.txt"
  done
  put "batch_$name" "$lines $(fastest "$OUT/time-$name-1.txt" "$OUT/time-$name-2.txt")"
}
# A whole process, best of ten: starting with nothing to do (an empty batch of the 8-rule table), and scoring one
# referral (`threshold score … --format json`, as a case-management system calling the command would).
process_ms() {
  local best=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local start end ms
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  printf '%s' "$best"
}
: > "$OUT/empty.jsonl"
put start_us "$(process_ms "$BIN" batch "$OUT/table/table.rules" --input "$OUT/empty.jsonl")"
put score_one_us "$(process_ms "$BIN" score "$RULES" --set age=14 --format json)"
note "== threshold batch, contact mix, $CONTACT_N lines"
batch contact_j1 "$OUT/contact-$CONTACT_N.jsonl" 1
batch contact_j2 "$OUT/contact-$CONTACT_N.jsonl" 2
note "== threshold batch, every tool filled in, $FULL_N lines"
batch full_j1 "$OUT/full-$FULL_N.jsonl" 1
batch full_j2 "$OUT/full-$FULL_N.jsonl" 2
for mix in contact full; do
  f=$(ls "$OUT"/$mix-*.jsonl | head -1)
  put "bytes_$mix" "$(head -2000 "$f" | wc -c) $(head -2000 "$f" | "$BIN" batch "$RULES" | wc -c)"
done

note "== load and check"
for n in $RULE_COUNTS; do
  put "load_$n" "$("$BIN" bench-eval "$OUT/gen-$n.rules" --load)"
  best=""
  for run in 1 2 3; do   # the fastest of three
    start=$(date +%s%N)
    if timeout "$LINT_TIMEOUT" "$BIN" check "$OUT/gen-$n.rules" > /dev/null; then
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    else
      best=timeout; break
    fi
  done
  put "check_$n" "$best"
done

note "== the same table through threshold, zen-engine, CLIPS, Rego and Python ($TABLE_N scenarios)"
TABLE="$OUT/table/table.rules"
/usr/bin/time -f '%e %M' -o "$OUT/time-table.txt" "$BIN" batch "$TABLE" --input "$OUT/table-$TABLE_N.jsonl" > "$OUT/table-out.jsonl"
batch table "$OUT/table-$TABLE_N.jsonl" 1 "$TABLE"
batch table_j2 "$OUT/table-$TABLE_N.jsonl" 2 "$TABLE"
put table_batch "$(grep '^batch_table=' "$RESULTS" | cut -d= -f2)"
put table_batch_j2 "$(grep '^batch_table_j2=' "$RESULTS" | cut -d= -f2)"
# A rating per referral (`--outcome-only`: the outcome alone, as the other engines give), checked against the above.
"$BIN" batch "$TABLE" --input "$OUT/table-$TABLE_N.jsonl" --outcome-only > "$OUT/table-outcome.jsonl"
"$PY" - "$OUT/table-out.jsonl" "$OUT/table-outcome.jsonl" <<'CHECK'
import json, sys
whole, brief = open(sys.argv[1]), open(sys.argv[2])
for n, (w, b) in enumerate(zip(whole, brief), 1):
    if json.loads(w)["outcome"] != json.loads(b)["outcome"]:
        sys.exit("line %d: --outcome-only gives another outcome" % n)
CHECK
batch table_outcome "$OUT/table-$TABLE_N.jsonl" 1 "$TABLE" --outcome-only
batch table_outcome_j2 "$OUT/table-$TABLE_N.jsonl" 2 "$TABLE" --outcome-only
put table_outcome "$(grep '^batch_table_outcome=' "$RESULTS" | cut -d= -f2)"
put table_outcome_j2 "$(grep '^batch_table_outcome_j2=' "$RESULTS" | cut -d= -f2)"
# In process: a pool of the first 60,000 scenarios (under the 16 MiB limit on one file), cycled.
head -60000 "$OUT/table-$TABLE_N.jsonl" > "$OUT/table-pool.jsonl"
put table_eval "$("$BIN" bench-eval "$TABLE" --input "$OUT/table-pool.jsonl" --n "$EVAL_N")"
"$PY" bench/compare.py run "$OUT/table" "$OUT/table-$TABLE_N.jsonl" "$OUT/table-out.jsonl" > "$OUT/compare.json" \
  || { note "the engines disagree: see above"; exit 1; }
put compare "$(cat "$OUT/compare.json")"
put load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

python3 bench/report.py "$RESULTS"
