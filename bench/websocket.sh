#!/usr/bin/env bash
# WebSocket sessions, the websocketd way: cgiserver (a prefix marked websocket: text) side by
# side with Debian's websocketd on the same echo script, driven by the same client
# (bench/websocket-client.py, Python's websockets) at 1, 100 and 1,000 sessions: handshakes a
# second, round-trip p50/p99, messages a second, and the server's RSS and threads with the
# sessions open. Prints CSV, and writes it to bench/results/websocket-<date>.csv.
#
#   bash bench/websocket.sh
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java BENCH_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC" \
#     BENCH_JAR=target/cgiserver-0.1.0-SNAPSHOT.jar bash bench/websocket.sh
# BENCH_LEVELS (sessions:messages each, "1:2000 100:50 1000:10") and BENCH_WARMUP (the same, run
# before every level against each server, "20:1000") change the load; BENCH_TAG is added to the
# results' file name.
set -euo pipefail
cd "$(dirname "$0")/.."

java=${BENCH_JAVA:-java}
java_opts=${BENCH_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}
jar=${BENCH_JAR:-$(ls target/cgiserver-*.jar | grep -v original | head -1)}
levels=${BENCH_LEVELS:-"1:2000 100:50 1000:10"}
warmup=${BENCH_WARMUP:-"20:1000"}
# More arguments for cgiserver, such as --cgi.native-launch=false.
args=${BENCH_ARGS:-}
python=/usr/bin/python3
command -v websocketd >/dev/null || { echo "bench: needs websocketd (apt-get install websocketd)" >&2; exit 1; }
"$python" -c 'import websockets' || { echo "bench: needs python3-websockets" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

site=$(mktemp -d /tmp/ws-bench-XXXXXX)
chmod 755 "$site"
mkdir -p "$site/www/ws"
printf '#!/bin/sh\nwhile read l; do echo "$l"; done\n' > "$site/www/ws/echo.sh"
chmod -R a+rX "$site"; chmod 755 "$site/www/ws/echo.sh"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  cp "$site/ours.log" /tmp/ws-bench-cgiserver.log 2>/dev/null || true
  cp "$site/client.err" /tmp/ws-bench-client.err 2>/dev/null || true
  rm -rf "$site"
}
trap cleanup EXIT

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }

ours_port=$(free_port)
"$java" $java_opts -jar "$jar" --server.port="$ours_port" --server.address=127.0.0.1 --management.server.port= \
  --cgi.document-root="$site/www" --cgi.prefixes[0].path=/ws --cgi.prefixes[0].websocket=text \
  --cgi.websocket.max-sessions=1100 --cgi.access-log=false --logging.level.root=warn $args > "$site/ours.log" 2>&1 &
ours=$!; pids+=("$ours")
theirs_port=$(free_port)
# As the user cgiserver runs scripts as when it is root, so both run the script alike.
if [[ $(id -u) == 0 ]]; then as=(setpriv --reuid=nobody --regid=nogroup --clear-groups); else as=(); fi
"${as[@]}" websocketd --address=127.0.0.1 --port="$theirs_port" --loglevel=error "$site/www/ws/echo.sh" \
  > "$site/theirs.log" 2>&1 &
theirs=$!; pids+=("$theirs")
await_port "$ours_port"; await_port "$theirs_port"

results=bench/results/websocket-$(date +%Y%m%d-%H%M)${BENCH_TAG:+-$BENCH_TAG}.csv
echo "server,sessions,connect_per_s,messages,answered,rtt_p50_ms,rtt_p99_ms,messages_per_s,failures,rss_idle_mb,rss_peak_mb,threads_peak" | tee "$results"
run() { # name pid url sessions messages
  local name=$1 pid=$2 url=$3 sessions=$4 messages=$5 idle peak=0 top=0 line
  # Warm-up, not measured: the first handshakes, and for the JVM its JIT, which compiles the
  # message path only after some thousands of messages (20 x 20 left one session at 0.4x of
  # its warm rate).
  "$python" bench/websocket-client.py "$url" "${warmup%%:*}" "${warmup##*:}" > /dev/null
  idle=$(rss_kb "$pid")
  ( while kill -0 "$pid" 2>/dev/null; do echo "$(rss_kb "$pid") $(threads "$pid")"; sleep 0.2; done ) > "$site/samples" &
  local sampler=$!
  line=$("$python" bench/websocket-client.py "$url" "$sessions" "$messages" 2>> "$site/client.err")
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  read -r peak top < <(awk 'BEGIN {r=0; t=0} {if ($1>r) r=$1; if ($2>t) t=$2} END {print r, t}' "$site/samples")
  printf '%s,%s,%.1f,%.1f,%s\n' "$name" "$line" "$(echo "$idle/1024" | bc -l)" "$(echo "$peak/1024" | bc -l)" "$top" | tee -a "$results"
}
for level in $levels; do
  sessions=${level%%:*}; messages=${level##*:}
  run cgiserver "$ours" "ws://127.0.0.1:$ours_port/ws/echo.sh" "$sessions" "$messages"
  run websocketd "$theirs" "ws://127.0.0.1:$theirs_port/" "$sessions" "$messages"
done
echo "written to $results; the server's log and the client's errors in /tmp/ws-bench-*" >&2
