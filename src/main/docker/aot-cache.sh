#!/bin/sh
# Records an ahead-of-time cache (JDK 25+) for the unpacked jar. The server is started
# with -XX:AOTCacheOutput and sent CGI and static requests, so that the cache holds the
# classes of the request path and their method profiles (the JIT then warms up sooner),
# and then stopped: the JVM writes the cache as it exits.
#
#   aot-cache.sh JAR CACHE DOCUMENT_ROOT [java options...]
#
# Env: JAVA (default java), AOT_TRAINING_PATHS (default "/ /cgi-bin/hello.sh"),
#      AOT_TRAINING_REQUESTS (per path, default 2000), AOT_TRAINING_PORT (default 18999)
set -eu
jar=$1 cache=$2 root=$3
shift 3
port=${AOT_TRAINING_PORT:-18999}
base=http://127.0.0.1:$port
# shellcheck disable=SC2086
${JAVA:-java} -XX:AOTCacheOutput="$cache" "$@" -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
  --cgi.document-root="$root" --cgi.access-log=false &
pid=$!
tries=0
# The main port's own probe: the actuator is on the management port.
until curl -sf -o /dev/null "$base/livez"; do
  kill -0 "$pid" 2>/dev/null || { echo "aot-cache: the training server did not start" >&2; exit 1; }
  tries=$((tries + 1))
  [ "$tries" -lt 1200 ] || { kill "$pid"; echo "aot-cache: the training server did not answer" >&2; exit 1; }
  sleep 0.1
done
for path in ${AOT_TRAINING_PATHS:-/ /cgi-bin/hello.sh}; do
  # curl's URL globbing: the requests go one after another over one connection.
  curl -s -o /dev/null "$base$path?training=[1-${AOT_TRAINING_REQUESTS:-2000}]" \
    || echo "aot-cache: training requests to $path failed" >&2
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$cache" ] || { echo "aot-cache: no cache was written to $cache" >&2; exit 1; }
