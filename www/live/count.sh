#!/bin/sh
# A WebSocket session the websocketd way: every line written is a message to the browser.
# Counts to ten, one a second; when the script ends, the server closes the session (1000).
# Needs a prefix marked for it (config/application.yml):  - path: /live
#                                                           websocket: text
n=0
while [ "$n" -lt 10 ]; do
  n=$((n + 1))
  echo "$n"
  sleep 1
done
