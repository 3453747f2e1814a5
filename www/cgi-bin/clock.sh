#!/bin/sh
# Server-Sent Events: the server's time, one event a second, each sent as soon as it is
# written, until the client leaves (the script is then stopped) or a limit of
# cgi.event-stream ends the stream (a browser's EventSource then reconnects by itself).
# Watch it with: curl -N http://localhost:8080/cgi-bin/clock.sh, or open /clock.html.
printf 'Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n'
# A browser that reconnects says which event it saw last; go on from there.
n=${HTTP_LAST_EVENT_ID:-0}
case $n in
  '' | *[!0-9]*) n=0 ;;
esac
while :; do
  n=$((n + 1))
  printf 'id: %s\ndata: %s\n\n' "$n" "$(date +%T)"
  sleep 1
done
