# One Dockerfile for every service: docker build --build-arg SERVICE=cdr-service .
# The jars come from the Maven build (./mvnw package); the image holds Boot's layers, so a
# code change rebuilds only the last, small layer.
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${JRE_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY ${SERVICE}/target/${SERVICE}-1.0.0-SNAPSHOT.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
ARG SERVICE
ARG PORT
# C1 only for a fast, small start; the gateway (on every request's path) and
# pbx-integration-service (every webhook's) build with the optimising compiler (-XX:TieredStopAtLevel=4).
ARG JIT_OPTS=-XX:TieredStopAtLevel=1
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
# The configuration of this build, which the config server serves from its working folder
# (CONFIG_REPO_DIR, ./config-repo) where none is mounted: on Kubernetes' dev overlay. Compose
# mounts the working copy over it; production serves a git repository (CONFIG_PROFILE=git).
COPY config-repo/ ./config-repo/
# No root at run time; the numeric id needs no user database in the image.
USER 10001:10001
# Small containers: serial GC, heap as a share of the container's memory limit; no
# performance-data file sampled every 50 ms at rest, and the JVM's housekeeping woken less often
# (scripts/suite.sh, JVM_AT_REST).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=70 ${JIT_OPTS} -Xss512k -XX:-UsePerfData \
-XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=5000 -XX:GuaranteedSafepointInterval=10000 \
-XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=160m -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    SPRING_PROFILES_ACTIVE=docker \
    SERVICE_NAME=${SERVICE} \
    PORT=${PORT}
EXPOSE ${PORT}
# Readiness over plain bash (no curl needed in the base image).
HEALTHCHECK --interval=5s --timeout=3s --start-period=180s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_PORT:-$PORT} && printf "GET /actuator/health/readiness HTTP/1.0\r\n\r\n" >&3 && grep -q "\"UP\"" <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
