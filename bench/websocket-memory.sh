#!/usr/bin/env bash
# What an idle WebSocket session costs cgiserver: starts the jar with a prefix marked
# websocket: text and an echo script, opens SESSIONS sessions (one message each) and holds
# them, and compares the heap after a full collection and the RSS with those of the server
# before. Prints one line: sessions, heap and RSS before and with them, per session.
#
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java BENCH_JAVA_OPTS="-Xmx128m -XX:+UseSerialGC" \
#     BENCH_JAR=target/cgiserver-0.1.0-SNAPSHOT.jar bash bench/websocket-memory.sh 1000
# BENCH_JCMD names the JDK's jcmd when BENCH_JAVA is a wrapper (one that runs the JVM as another user).
set -euo pipefail
cd "$(dirname "$0")/.."

sessions=${1:-1000}
java=${BENCH_JAVA:-java}
jcmd=${BENCH_JCMD:-$(dirname "$(readlink -f "$(command -v "$java")")")/jcmd}
java_opts=${BENCH_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC}
jar=${BENCH_JAR:-$(ls target/cgiserver-*.jar | grep -v original | head -1)}
python=/usr/bin/python3
"$python" -c 'import websockets' || { echo "bench: needs python3-websockets" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

site=$(mktemp -d /tmp/ws-memory-XXXXXX)
mkdir -p "$site/www/ws"
printf '#!/bin/sh\nwhile read l; do echo "$l"; done\n' > "$site/www/ws/echo.sh"
chmod -R a+rX "$site"; chmod 755 "$site/www/ws/echo.sh"
pids=()
cleanup() {
  touch "$site/stop"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$site"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$java" $java_opts -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --management.server.port= \
  --cgi.document-root="$site/www" --cgi.prefixes[0].path=/ws --cgi.prefixes[0].websocket=text \
  --cgi.websocket.max-sessions="$sessions" --cgi.access-log=false --logging.level.root=warn > "$site/server.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url="ws://127.0.0.1:$port/ws/echo.sh"

# The heap in use after a full collection, in KB (the young and old generations, any collector).
heap_kb() {
  "$jcmd" "$server" GC.run > /dev/null
  "$jcmd" "$server" GC.heap_info | grep -vi space | grep -oP 'used \K[0-9]+(?=K)' | paste -sd+ | bc
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

# Warm-up: the session path's classes loaded and its first objects made.
"$python" bench/websocket-hold.py "$url" 20 "$site/warm" > "$site/warm.out" &
until grep -q held "$site/warm.out" 2>/dev/null; do sleep 0.2; done
touch "$site/warm"; wait $!
heap0=$(heap_kb); rss0=$(rss_kb)
"$python" bench/websocket-hold.py "$url" "$sessions" "$site/stop" > "$site/hold.out" &
holder=$!; pids+=("$holder")
until grep -q held "$site/hold.out" 2>/dev/null; do kill -0 "$holder" || { echo "bench: sessions not held" >&2; exit 1; }; sleep 0.5; done
heap1=$(heap_kb); rss1=$(rss_kb)
threads=$(awk '/^Threads/ {print $2}' "/proc/$server/status")
echo "sessions=$sessions heap_before_kb=$heap0 heap_with_kb=$heap1 heap_per_session_kb=$(( (heap1 - heap0) / sessions ))" \
  "rss_before_kb=$rss0 rss_with_kb=$rss1 rss_per_session_kb=$(( (rss1 - rss0) / sessions )) threads=$threads"
