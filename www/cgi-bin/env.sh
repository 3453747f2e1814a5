#!/bin/sh
# Shows every meta-variable this script receives, sorted. Try /cgi-bin/env.sh/extra/path?name=value
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n'
env | LC_ALL=C sort
