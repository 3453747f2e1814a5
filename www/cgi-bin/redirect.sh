#!/bin/sh
# A client redirect: an absolute Location sends the browser elsewhere (302).
# A Location with a path only (Location: /index.html) is a local redirect: the server
# answers with that page itself.
printf 'Location: http://%s:%s/cgi-bin/hello.sh\r\n\r\n' "$SERVER_NAME" "$SERVER_PORT"
