# syntax=docker/dockerfile:1
# Build with the wrapper on a JDK 25, which also builds the jar's Java 22 part (scripts started
# with posix_spawn); run on a JRE 25 that has the usual script interpreters.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests && cp target/cgiserver-*.jar /cgiserver.jar

FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends perl python3 util-linux curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cgiserver \
 && mkdir /app && chown cgiserver /app
WORKDIR /app
COPY --chown=cgiserver www /srv/www
USER cgiserver
ENV CGI_DOCUMENT_ROOT=/srv/www
# The jar unpacked (faster class loading) plus an ahead-of-time cache recorded by a
# training run that serves the demo site: classes loaded and linked at start, and method
# profiles so the JIT warms up sooner. It halves the start-up time.
COPY --from=build --chown=cgiserver /cgiserver.jar /tmp/cgiserver.jar
COPY --chown=cgiserver src/main/docker/aot-cache.sh /tmp/aot-cache.sh
RUN java -Djarmode=tools -jar /tmp/cgiserver.jar extract --destination /app \
 && sh /tmp/aot-cache.sh /app/cgiserver.jar /app/cgiserver.aot /srv/www -Xmx128m -XX:+UseSerialGC \
 && rm /tmp/cgiserver.jar /tmp/aot-cache.sh
# A capped heap keeps the server's RSS near 220 MB; bodies are streamed, so it is enough.
# An OutOfMemoryError ends the process, so that a supervisor restarts it, rather than
# leaving a live process whose threads died and that answers nobody.
ENV JAVA_OPTS="-XX:AOTCache=/app/cgiserver.aot -Xmx128m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
VOLUME ["/srv/www"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
# tini reaps orphaned script processes once they are stopped.
ENTRYPOINT ["tini", "--", "sh", "-c", "exec java $JAVA_OPTS -jar /app/cgiserver.jar \"$@\"", "cgiserver"]
