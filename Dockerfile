# syntax=docker/dockerfile:1
# Build with the wrapper on a JDK, run on a JRE that has the usual script interpreters.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests && cp target/cgiserver-*.jar /cgiserver.jar

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends perl python3 util-linux curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cgiserver
WORKDIR /app
COPY --from=build /cgiserver.jar /app/cgiserver.jar
COPY --chown=cgiserver www /srv/www
USER cgiserver
ENV CGI_DOCUMENT_ROOT=/srv/www
VOLUME ["/srv/www"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
# tini reaps orphaned script processes once they are stopped.
ENTRYPOINT ["tini", "--", "java", "-jar", "/app/cgiserver.jar"]
