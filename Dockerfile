# syntax=docker/dockerfile:1
# Build with the wrapper on a JDK 25, which also builds the jar's Java 22 part (scripts started
# with posix_spawn); run on a JRE 25 that has the usual script interpreters.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# The jar split into the layers Spring Boot's tools jar mode knows: the libraries, which change
# when pom.xml does, apart from the application, which changes with every commit.
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/cgiserver-*.jar extract --layers --destination /layers \
      --application-filename cgiserver.jar

FROM eclipse-temurin:25-jre
# Scripts run as the server's user (10001): nothing of the server or of the site is theirs.
# Everything copied below is owned by root and read-only to that user; the only places it can
# write are /tmp (Tomcat's work folder, the request spool) and /var/lib/cgiserver (ACME keys
# and certificates, when cgi.tls.acme is used; mount a volume there to keep them): the base
# image's other folders open to all (/var/tmp, /run/lock) are closed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends perl python3 util-linux curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cgiserver \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin cgiserver \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/cgiserver \
 && find / -xdev -path /tmp -prune -o -perm -0002 \( -type d -o -type f \) -exec chmod o-w {} +
WORKDIR /app
# One layer per Spring Boot layer, the least often changed first: a code change rebuilds the
# application layer (0.5 MB) and reuses the dependencies' (40 MB). The spring-boot-loader layer
# is empty: the application jar starts with -jar, its libraries on its manifest's class path.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY www /srv/www
COPY --chmod=0755 src/main/docker/aot-cache.sh src/main/docker/healthcheck.sh /usr/local/lib/cgiserver/
# An ahead-of-time cache recorded by a training run that serves the demo site: classes loaded
# and linked at start, and method profiles so that the JIT warms up sooner. It halves the
# start-up time. The run is the server's user's, as at run time; what it leaves in /tmp
# (Tomcat's folders, the JVM's perf data) stays out of the image.
RUN setpriv --reuid=10001 --regid=10001 --clear-groups sh /usr/local/lib/cgiserver/aot-cache.sh \
      /app/cgiserver.jar /tmp/cgiserver.aot /srv/www -Xmx128m -XX:+UseSerialGC \
 && install -m 0644 /tmp/cgiserver.aot /app/cgiserver.aot \
 && find /tmp -mindepth 1 -delete
USER 10001
ENV CGI_DOCUMENT_ROOT=/srv/www
# A capped heap keeps the server's RSS near 220 MB; bodies are streamed, so it is enough.
# An OutOfMemoryError ends the process, so that a supervisor restarts it, rather than
# leaving a live process whose threads died and that answers nobody.
ENV JAVA_OPTS="-XX:AOTCache=/app/cgiserver.aot -Xmx128m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Asks the management port's /actuator/health (or the main port's, when the actuator is there),
# with the port, address and scheme taken from the environment: see the script.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD ["/usr/local/lib/cgiserver/healthcheck.sh"]
# tini reaps orphaned script processes once they are stopped.
ENTRYPOINT ["tini", "--", "sh", "-c", "exec java $JAVA_OPTS -jar /app/cgiserver.jar \"$@\"", "cgiserver"]
