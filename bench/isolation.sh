#!/usr/bin/env bash
# What the isolation of runs costs: CGI hello at 16 and 256 connections, with a run's protections
# off and on, alternated round by round in the shared harness (its `ours` target), as root and as
# www-data. Prints every figure and the median ratio on/off per user and test; writes
# bench/results/isolation-YYYYMMDD-HHMM.csv.
#   OURS_JAR=target/cgiserver-<version>.jar [ROUNDS=3] [USERS="root www-data"] [VARIANTS=...] bash bench/isolation.sh
# Each variant is NAME=ARGS, separated by ';' in VARIANTS; the first is the baseline the others are
# divided by. The default set:
#   off        no protection of the run: the sweep, no private TMPDIR, the server's open-files limit
#   default    what a server gets unless configured: the sweep, a private TMPDIR, 1024 open files
#   namespace  the default plus a PID namespace per run
# OURS_JAVA and OURS_JAVA_OPTS are passed on (use the image's: JDK 25, -Xmx128m -XX:+UseSerialGC).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=${HARNESS:-$HERE/../../shared/bench/run.sh}
[[ -f $HARNESS ]] || { echo "isolation: the shared harness is not at $HARNESS (set HARNESS)" >&2; exit 2; }
[[ -n ${OURS_JAR:-} ]] || { echo "isolation: set OURS_JAR" >&2; exit 2; }
ROUNDS=${ROUNDS:-3}
USERS=${USERS:-root www-data}
if [[ -z ${VARIANTS:-} ]]; then
  VARIANTS=("off=--cgi.isolation.private-tmp=false --cgi.limits.open-files="
    "default="
    "namespace=--cgi.isolation.processes=pid-namespace")
else
  IFS=';' read -r -a VARIANTS <<< "$VARIANTS"
fi
STAMP=$(date -u +%Y%m%d-%H%M)
OUT=$HERE/results/isolation-$STAMP.csv
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
echo "server_user,round,variant,test,connections,rps,p50_ms,p99_ms,cpu_busy_pct,cpu_steal_pct" > "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for user in $USERS; do
    for variant in "${VARIANTS[@]}"; do
      name=${variant%%=*}; args=${variant#*=}
      dir=$scratch/$user-$name-$round; mkdir -p "$dir"
      as=(); [[ $user == root ]] || as=(BENCH_AS="$user")
      env "${as[@]}" OURS_ARGS="--cgi.access-log=false $args" BENCH_TESTS="hello1 scale_c256" BENCH_RESULTS="$dir" \
        BENCH_WARMUP=${BENCH_WARMUP:-5s} bash "$HARNESS" ours > "$dir/harness.log" 2>&1 \
        || { tail -20 "$dir/harness.log" >&2; exit 1; }
      awk -F, -v u="$user" -v r="$round" -v n="$name" 'NR > 1 && $1 == "ours" {
        print u "," r "," n "," $2 "," $4 "," $7 "," $8 "," $9 "," $16 "," $17 }' "$dir"/peers-*.csv >> "$OUT"
      tail -n +2 "$OUT" | awk -F, -v u="$user" -v r="$round" -v n="$name" '$1 == u && $2 == r && $3 == n' 
    done
  done
done
python3 - "$OUT" "${VARIANTS[0]%%=*}" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base = sys.argv[2]
keys = sorted({(r["server_user"], r["test"]) for r in rows})
variants = list(dict.fromkeys(r["variant"] for r in rows))
print("\nmedian req/s and median ratio to '%s' (pairs of one round)" % base)
for user, test in keys:
    for variant in variants:
        mine = {r["round"]: float(r["rps"]) for r in rows if (r["server_user"], r["test"], r["variant"]) == (user, test, variant)}
        theirs = {r["round"]: float(r["rps"]) for r in rows if (r["server_user"], r["test"], r["variant"]) == (user, test, base)}
        ratios = [mine[k] / theirs[k] for k in mine if k in theirs and theirs[k] > 0]
        print(f"{user:9} {test:11} {variant:10} {statistics.median(mine.values()):8.1f} req/s"
              + (f"  {statistics.median(ratios):.2f}x" if ratios else ""))
PY
echo "every figure: $OUT"
