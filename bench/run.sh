#!/usr/bin/env bash
# Benchmark cgiserver on a scratch site with wrk.
#
#   bash bench/run.sh                 # builds the jar unless BENCH_JAR is given
#
# Scenarios: CGI hello (tiny sh script), CGI env, CGI echo (POST 4 KiB), CGI 50 MB
# streamed output, static 1 KiB and 10 MiB files. Prints req/s, p50/p99 latency and
# MB/s for each, the server's start-up time (launch to first answered request), its
# peak RSS, and RSS before and after a long run of hello requests (growth check).
#
# Knobs: BENCH_DURATION=8s BENCH_THREADS=2 BENCH_CONNECTIONS=16 BENCH_PORT=18180
#        BENCH_JAR=path.jar BENCH_JAVA_OPTS="" BENCH_LONG_REQUESTS=100000
#        BENCH_JAVA=java (the JVM to run)  BENCH_USER=name (run the server as this user)
#        BENCH_AOT=1 (JDK 25+: unpack the jar and record an AOT cache with a training
#        run first, as the Docker image does)
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${BENCH_DURATION:-8s}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-16}
PORT=${BENCH_PORT:-18180}
LONG=${BENCH_LONG_REQUESTS:-100000}

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk" >&2
  if [[ $(id -u) == 0 ]]; then apt-get update -q && apt-get install -y -q wrk; else sudo apt-get install -y -q wrk; fi
fi

JAR=${BENCH_JAR:-}
if [[ -z $JAR ]]; then
  ./mvnw -B -q package -DskipTests
  JAR=$(ls target/cgiserver-*.jar | grep -v original | head -1)
fi

WORK=$(mktemp -d /tmp/cgiserver-bench.XXXXXX)
chmod 755 "$WORK"
SITE=$WORK/site
mkdir -p "$SITE/cgi-bin"
chmod 755 "$SITE" "$SITE/cgi-bin"
head -c 1024 /dev/zero | tr '\0' 'x' > "$SITE/small.html"
head -c 10485760 /dev/zero > "$SITE/big.bin"
printf '#!/bin/sh\nprintf '"'"'Content-Type: text/plain\\r\\n\\r\\nhello\\n'"'"'\n' > "$SITE/cgi-bin/hello.sh"
printf '#!/bin/sh\nprintf '"'"'Content-Type: text/plain\\r\\n\\r\\n'"'"'\nenv\n' > "$SITE/cgi-bin/env.sh"
printf '#!/bin/sh\nprintf '"'"'Content-Type: %%s\\r\\n\\r\\n'"'"' "${CONTENT_TYPE:-application/octet-stream}"\nexec head -c "${CONTENT_LENGTH:-0}"\n' > "$SITE/cgi-bin/echo.sh"
printf '#!/bin/sh\nprintf '"'"'Content-Type: application/octet-stream\\r\\n\\r\\n'"'"'\nexec head -c 50000000 /dev/zero\n' > "$SITE/cgi-bin/big.sh"
chmod 755 "$SITE"/cgi-bin/*.sh
chmod 644 "$SITE/small.html" "$SITE/big.bin"
head -c 4096 /dev/urandom | base64 -w0 | head -c 4096 > "$WORK/body.txt"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
local f = io.open("$WORK/body.txt", "rb"); wrk.body = f:read("*a"); f:close()
LUA

SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$SERVER_PID/status"; }
hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$SERVER_PID/status"; }

JAVA=(${BENCH_JAVA:-java})
if [[ -n ${BENCH_USER:-} ]]; then
  JAVA=(setpriv --reuid="$BENCH_USER" --regid="$(id -g "$BENCH_USER")" --clear-groups "${JAVA[@]}")
fi
JAVA_OPTS=(${BENCH_JAVA_OPTS:-})
if [[ ${BENCH_AOT:-0} == 1 ]]; then
  mkdir -p "$WORK/app"
  chmod 755 "$WORK/app"
  [[ -n ${BENCH_USER:-} ]] && chown "$BENCH_USER" "$WORK/app"
  "${JAVA[@]}" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" > /dev/null
  JAR=$WORK/app/$(basename "$JAR")
  # The same training as the Docker image's, on this site.
  JAVA="${JAVA[*]}" AOT_TRAINING_PATHS="/small.html /cgi-bin/hello.sh" AOT_TRAINING_PORT=$((PORT + 1)) \
    sh src/main/docker/aot-cache.sh "$JAR" "$WORK/app/cgiserver.aot" "$SITE" "${JAVA_OPTS[@]}" \
    > "$WORK/training.log" 2>&1 || { echo "bench: AOT training failed"; tail "$WORK/training.log"; exit 1; }
  JAVA_OPTS+=(-XX:AOTCache="$WORK/app/cgiserver.aot")
fi

start=$(date +%s%N)
"${JAVA[@]}" "${JAVA_OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --cgi.document-root="$SITE" --cgi.access-log=false > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/small.html"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: server died"; cat "$WORK/server.log"; exit 1; }
  sleep 0.02
done
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))

U="http://127.0.0.1:$PORT"
[[ $(curl -s "$U/cgi-bin/hello.sh") == hello ]] || { echo "bench: hello.sh check failed"; exit 1; }
[[ $(curl -s -o /dev/null -w '%{size_download}' "$U/cgi-bin/big.sh") == 50000000 ]] || { echo "bench: big.sh check failed"; exit 1; }

# Warm-up (JIT), not measured.
wrk -t"$THREADS" -c"$CONNS" -d3s "$U/cgi-bin/hello.sh" > /dev/null
wrk -t"$THREADS" -c"$CONNS" -d3s "$U/small.html" > /dev/null

printf '| scenario | req/s | p50 ms | p99 ms | MB/s |\n|---|---|---|---|---|\n'
run() { # name connections path [wrk args...]
  local name=$1 conns=$2 path=$3; shift 3
  local out
  out=$(wrk -t"$THREADS" -c"$conns" -d"$DUR" --latency "$@" "$U$path")
  echo "$out" | awk -v name="$name" '
    function ms(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000; if (u == "s") return n * 1000; return n }
    function mb(v,  n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "KB") return n / 1024; if (u == "GB") return n * 1024; if (u == "B") return n / 1048576; return n }
    /^Requests\/sec:/ { rps = $2 } /^Transfer\/sec:/ { t = mb($2) }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "| %s | %.0f | %.2f | %.2f | %.1f |%s\n", name, rps, p50, p99, t, (bad ? " " bad " non-2xx" : "") }'
}
run "CGI hello" "$CONNS" /cgi-bin/hello.sh
run "CGI env" "$CONNS" /cgi-bin/env.sh
run "CGI echo 4 KiB POST" "$CONNS" /cgi-bin/echo.sh -s "$WORK/post.lua"
run "CGI 50 MB stream" 4 /cgi-bin/big.sh
run "static 1 KiB" "$CONNS" /small.html
run "static 10 MiB" 4 /big.bin

rss_before=$(rss_kb)
# Growth check: at least LONG hello requests, in 10-second wrk runs (a wrk run always
# lasts its whole -d, even when a script stops its threads early), then RSS again.
done_requests=0
while ((done_requests < LONG)); do
  n=$(wrk -t"$THREADS" -c"$CONNS" -d10s "$U/cgi-bin/hello.sh" | awk '/ requests in /{print $1}')
  done_requests=$((done_requests + ${n:-0}))
  [[ ${n:-0} -gt 0 ]] || { echo "bench: the growth check got no answers"; exit 1; }
done
rss_after=$(rss_kb)
echo
echo "start-up (launch to first answered request): ${startup_ms} ms"
echo "peak RSS: $(( $(hwm_kb) / 1024 )) MB; RSS before/after ${done_requests:-?} hello requests: $((rss_before / 1024)) / $((rss_after / 1024)) MB"
echo "java: $("${JAVA[@]}" -version 2>&1 | grep -v "^Picked up" | head -1) ${JAVA_OPTS[*]}; cores: $(nproc)"
