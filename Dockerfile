# One image for both applications: the peer (peer-node) and the QKD simulator (qkd-simulator).
# The entry point (scripts/lib/docker-entrypoint.sh) chooses: peer | simulator | certs.
#   docker build -t qkdchain:local .
#   docker compose up            (see docker-compose.yml: simulator + four peers, one host each)
# The base images are the public ones; CI, which reaches no image registry, builds local stand-ins
# under the same names (.ci/stand-in-images.sh).

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds; formatting is checked in CI, not
# here, and the tests are neither compiled nor run (maven.test.skip): `mvn verify` runs them.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl peer-node,qkd-simulator -am \
 && mkdir -p /out \
 && cp peer-node/target/peer-node-*.jar /out/peer-node.jar \
 && cp qkd-simulator/target/qkd-simulator-*.jar /out/qkd-simulator.jar

FROM eclipse-temurin:25-jre
# curl for the health checks, openssl for scripts/make-certs.sh (keytool comes with the JRE).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl openssl \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app qkdchain \
 && mkdir -p /app /certs /data \
 && chown qkdchain /certs /data
COPY --from=build /out/peer-node.jar /out/qkd-simulator.jar /app/
COPY scripts/make-certs.sh scripts/lib/docker-entrypoint.sh /app/
USER qkdchain
WORKDIR /app
ENV JAVA_OPTS="-Xmx512m -XX:+UseParallelGC"
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["peer"]
