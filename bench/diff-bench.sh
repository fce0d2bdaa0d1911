#!/usr/bin/env bash
# The `threshold diff` benchmark: 1,000,000 JSON Lines referrals scored under two versions of the shipped
# front-door rules (the second with the CCE tool's "high" cut-off moved from 14 to 12), on one and two
# threads, with lines per second and peak memory (GNU time's maximum resident set size). A tenth of the
# input is run too, to show that memory does not grow with the number of lines (text reports); the JSON
# report, which lists every changed case, is run once more. `batch` over the same
# input (one version) is the reference. Inputs go under .build-bench/ (ignored by git).
#
#   bench/diff-bench.sh            1,000,000 lines (a few minutes on two cores)
#   N=200000 bench/diff-bench.sh   fewer lines, for a try-out
#
# Needs: the Swift toolchain, python3, GNU time at /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build-bench
mkdir -p "$OUT"
N=${N:-1000000}
TENTH=$((N / 10))
note() { printf '%s\n' "$*" >&2; }

note "== building release"
swift build -c release --scratch-path .build-release >&2
BIN=.build-release/release/threshold
RULES=rules/front-door.rules
[ -x /usr/bin/time ] || { note "needs GNU time at /usr/bin/time (apt-get install time)"; exit 2; }

# The revised version: a copy of rules/ with one cut-off moved.
NEW="$OUT/diff-new"
rm -rf "$NEW" && cp -r rules "$NEW"
sed -i 's/moderate "Moderate risk" 8 to 13/moderate "Moderate risk" 8 to 11/; s/high "Likely to be involved in CCE" 14 and above/high "Likely to be involved in CCE" 12 and above/' "$NEW/tools/cce-camden.rules"
"$BIN" check "$NEW/front-door.rules" > /dev/null

"$BIN" bench-eval "$RULES" --schema > "$OUT/schema.jsonl"
[ -s "$OUT/contact-$N.jsonl" ] || python3 bench/generate.py scenarios "$OUT/schema.jsonl" contact "$N" "$OUT/contact-$N.jsonl"
head -"$TENTH" "$OUT/contact-$N.jsonl" > "$OUT/contact-tenth.jsonl"

# run NAME FILE COMMAND…: elapsed seconds and peak KiB, the faster of two runs (the machine may be shared).
run() {
  local name=$1 file=$2; shift 2
  local keep=/dev/null
  case $name in diff*) keep="$OUT/diff-$name.out" ;; esac   # the report is small; batch's output is not kept
  for i in 1 2; do /usr/bin/time -f '%e %M' -o "$OUT/dtime-$name-$i.txt" "$@" < /dev/null > "$keep" || [ $? -le 1 ]; done
  local best lines
  # (diff exits 1 when outcomes changed: time(1) then writes a "Command exited" line first.)
  best=$(grep -h '^[0-9]' "$OUT/dtime-$name-1.txt" "$OUT/dtime-$name-2.txt" | sort -n | head -1)
  lines=$(wc -l < "$file")
  awk -v n="$name" -v l="$lines" -v b="$best" 'BEGIN { split(b, t, " "); printf "| %-22s | %9d | %7.2f s | %9.0f | %7.1f MiB |\n", n, l, t[1], l / t[1], t[2] / 1024 }'
}

printf '| run                    |     lines |  elapsed |  lines/s |  peak RSS   |\n'
printf '| ---------------------- | --------: | -------: | -------: | ----------: |\n'
run "diff, 1 job"         "$OUT/contact-$N.jsonl"  "$BIN" diff "$RULES" "$NEW/front-door.rules" --input "$OUT/contact-$N.jsonl" --jobs 1
run "diff, 2 jobs"        "$OUT/contact-$N.jsonl"  "$BIN" diff "$RULES" "$NEW/front-door.rules" --input "$OUT/contact-$N.jsonl" --jobs 2
run "diff, 2 jobs, tenth" "$OUT/contact-tenth.jsonl" "$BIN" diff "$RULES" "$NEW/front-door.rules" --input "$OUT/contact-tenth.jsonl" --jobs 2
run "diff, 2 jobs, JSON"  "$OUT/contact-$N.jsonl"  "$BIN" diff "$RULES" "$NEW/front-door.rules" --input "$OUT/contact-$N.jsonl" --jobs 2 --format json
run "batch, 1 job"        "$OUT/contact-$N.jsonl"  "$BIN" batch "$RULES" --input "$OUT/contact-$N.jsonl" --jobs 1
run "batch, 2 jobs"       "$OUT/contact-$N.jsonl"  "$BIN" batch "$RULES" --input "$OUT/contact-$N.jsonl" --jobs 2
python3 - "$OUT/diff-diff, 2 jobs, JSON.out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"\n{r['scenarios']} lines scored under both; {r['outcome_changes']} outcomes changed, {r['changed_count']} cases changed in any way, {len(r['groups'])} groups")
PY
