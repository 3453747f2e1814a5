#!/bin/sh
# The image's HEALTHCHECK: asks the server's health where the configuration in the
# environment puts it; exits 0 on a 2xx answer, 1 otherwise (Docker's meaning).
#
# In order, the first place that is listening and knows the path decides:
#   1. the management server: MANAGEMENT_SERVER_PORT (default 8081) on MANAGEMENT_SERVER_ADDRESS,
#      /actuator/health, over HTTPS when MANAGEMENT_SERVER_SSL_* turns TLS on (with none of
#      them set, the management server has the main server's SERVER_SSL_*, as Spring Boot does);
#   2. the main server: SERVER_PORT (default 8080) on SERVER_ADDRESS, /actuator/health (the
#      actuator is there when management.server.port is unset or equal to server.port), over
#      HTTPS when SERVER_SSL_* or CGI_TLS_ACME_DIRECTORY turns TLS on;
#   3. the main server's /readyz.
# Nothing listening and 404 move on to the next place; any other answer decides. An address that
# binds every interface (unset, 0.0.0.0, ::) is asked on 127.0.0.1. When the scheme that the
# environment implies meets the other protocol (TLS set in a file only), the other scheme is
# asked on the same port. Certificates are not checked: the request stays on this host, and the
# certificate names the public one. Proxy variables are ignored.
#
# Settings given as arguments (--server.port=...) or in config/application.yml are not seen
# here: give them as environment variables instead, or set HEALTHCHECK_URL to the URL to ask.
# HEALTHCHECK_TIMEOUT: seconds per request (default 4, within the image's 5 s check timeout).
set -u

# Asks one URL: sets code (000 when no HTTP answer came), body and failure (curl's exit code).
ask() {
	body=$(curl --silent --insecure --noproxy '*' --max-time "${HEALTHCHECK_TIMEOUT:-4}" \
		--write-out '\n%{http_code}' "$1" 2>/dev/null)
	failure=$?
	code=$(printf '%s\n' "$body" | tail -n 1)
	body=$(printf '%s\n' "$body" | sed '$d')
	asked=$1
}

# Asks SCHEME://AUTHORITY/PATH, or the other scheme when this one met the other protocol
# (curl's 35 is a failed TLS handshake; Tomcat answers plain HTTP on a TLS port with 400).
try() {
	ask "$1://$2$3"
	if [ "$1" = https ] && [ "$failure" = 35 ]; then
		ask "http://$2$3"
	elif [ "$1" = http ] && [ "$code" = 400 ]; then
		ask "https://$2$3"
	fi
}

# Exits with the verdict, or returns when nothing answered or the path is unknown there.
decide() {
	case $code in
		000 | 404) return 0 ;;
		2??) echo "healthy: $asked $code"; exit 0 ;;
		*) echo "unhealthy: $asked $code"; printf '%s\n' "$body" | head -c 1000; exit 1 ;;
	esac
}

host() {
	case ${1:-} in
		'' | 0.0.0.0 | :: | '[::]') echo 127.0.0.1 ;;
		\[*) echo "$1" ;;
		*:*) echo "[$1]" ;;
		*) echo "$1" ;;
	esac
}

# https when the settings under the prefix $1 (SERVER_SSL, MANAGEMENT_SERVER_SSL) turn TLS on.
scheme() {
	eval "enabled=\${${1}_ENABLED:-} configured=\${${1}_BUNDLE:-}\${${1}_CERTIFICATE:-}\${${1}_KEY_STORE:-}"
	if [ "$enabled" = true ] || { [ "$enabled" != false ] && [ -n "$configured" ]; }; then
		echo https
	else
		echo http
	fi
}

if [ -n "${HEALTHCHECK_URL:-}" ]; then
	ask "$HEALTHCHECK_URL"
	decide
	echo "unhealthy: $asked $code"
	exit 1
fi

port=${SERVER_PORT:-8080}
main=$(host "${SERVER_ADDRESS:-}"):$port
main_scheme=$(scheme SERVER_SSL)
[ -n "${CGI_TLS_ACME_DIRECTORY:-}" ] && main_scheme=https
management_port=${MANAGEMENT_SERVER_PORT:-8081}
if [ "$management_port" != "$port" ] && [ "$management_port" != -1 ]; then
	management_scheme=$(scheme SERVER_SSL)
	env | grep -q '^MANAGEMENT_SERVER_SSL_' && management_scheme=$(scheme MANAGEMENT_SERVER_SSL)
	try "$management_scheme" "$(host "${MANAGEMENT_SERVER_ADDRESS:-}"):$management_port" /actuator/health
	decide
fi
try "$main_scheme" "$main" /actuator/health
decide
try "$main_scheme" "$main" /readyz
decide
echo "unhealthy: no health endpoint answered on $main (last asked: $asked $code)"
exit 1
