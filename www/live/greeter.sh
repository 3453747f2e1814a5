#!/bin/sh
# A WebSocket session the websocketd way: each message from the browser is a line on
# standard input, each line written back is a message. Ends when the browser closes.
while read -r name; do
  echo "Hello, ${name:-stranger}!"
done
