#!/usr/bin/env bash
# Compares a 1 GB download handed over by a script (X-Sendfile) with the same file
# served as a static file, under a small heap: the handed-over download should run at
# 0.9x the static one's speed or better, and neither should hold the file in memory.
#
#   bash bench/x-sendfile.sh          # builds the jar unless BENCH_JAR is given
#
# Prints curl's speed_download for each of BENCH_ROUNDS downloads of each, the best of
# each and their ratio. Not part of the test suite: the figures depend on the machine.
#
# Knobs: BENCH_PORT=18190 BENCH_ROUNDS=3 BENCH_SIZE_MB=1024 BENCH_JAR=path.jar
#        BENCH_JAVA=java BENCH_JAVA_OPTS="-Xmx128m"
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-18190}
ROUNDS=${BENCH_ROUNDS:-3}
SIZE_MB=${BENCH_SIZE_MB:-1024}

JAR=${BENCH_JAR:-}
if [[ -z $JAR ]]; then
  ./mvnw -B -q package -DskipTests
  JAR=$(ls target/cgiserver-*.jar | grep -v original | head -1)
fi

WORK=$(mktemp -d /tmp/cgiserver-bench.XXXXXX)
chmod 755 "$WORK"
SITE=$WORK/site
mkdir -p "$SITE/cgi-bin" "$SITE/files"
chmod 755 "$SITE" "$SITE/cgi-bin" "$SITE/files"
# Written, not truncated: every block is on disk, as a real download's would be.
head -c "$((SIZE_MB * 1024 * 1024))" /dev/zero > "$SITE/files/big.bin"
chmod 644 "$SITE/files/big.bin"
cat > "$SITE/cgi-bin/download.sh" <<SH
#!/bin/sh
printf 'Content-Type: application/octet-stream\r\n'
printf 'Content-Disposition: attachment; filename="big.bin"\r\n'
printf 'X-Sendfile: %s\r\n\r\n' "$SITE/files/big.bin"
SH
chmod 755 "$SITE/cgi-bin/download.sh"

SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

JAVA=(${BENCH_JAVA:-java})
JAVA_OPTS=(${BENCH_JAVA_OPTS:--Xmx128m})
"${JAVA[@]}" "${JAVA_OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --cgi.document-root="$SITE" --cgi.access-log=false --cgi.x-sendfile.folders="$SITE/files" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
U="http://127.0.0.1:$PORT"
until curl -sf -o /dev/null -r 0-0 "$U/files/big.bin"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: server died"; cat "$WORK/server.log"; exit 1; }
  sleep 0.05
done

expected=$((SIZE_MB * 1024 * 1024))
download() { # path -> bytes/s
  local out size speed
  out=$(curl -sS -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$U$1")
  read -r code size speed <<< "$out"
  [[ $code == 200 && $size == "$expected" ]] || { echo "bench: $1 answered $code with $size bytes" >&2; exit 1; }
  echo "${speed%.*}"
}

# Warm-up (JIT, page cache), not measured.
download /files/big.bin > /dev/null
download /cgi-bin/download.sh > /dev/null

best_static=0 best_script=0
for ((i = 1; i <= ROUNDS; i++)); do
  s=$(download /files/big.bin)
  x=$(download /cgi-bin/download.sh)
  printf 'round %d: static %d MB/s, X-Sendfile %d MB/s\n' "$i" $((s / 1048576)) $((x / 1048576))
  ((s > best_static)) && best_static=$s
  ((x > best_script)) && best_script=$x
done
echo "best: static $((best_static / 1048576)) MB/s, X-Sendfile $((best_script / 1048576)) MB/s," \
  "ratio $(awk -v a="$best_script" -v b="$best_static" 'BEGIN { printf "%.2f", a / b }')"
echo "peak RSS: $(( $(awk '/^VmHWM:/{print $2}' "/proc/$SERVER_PID/status") / 1024 )) MB;" \
  "java: $("${JAVA[@]}" -version 2>&1 | grep -v '^Picked up' | head -1) ${JAVA_OPTS[*]}; cores: $(nproc)"
