#!/bin/sh
# Output is streamed as the script writes it: watch the lines arrive one by one
# (curl -N http://localhost:8080/cgi-bin/stream.sh).
printf 'Content-Type: text/plain\r\n\r\n'
for i in 1 2 3 4 5; do
  echo "line $i at $(date +%T)"
  sleep 1
done
