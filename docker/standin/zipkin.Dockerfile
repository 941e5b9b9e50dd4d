# Stand-in for openzipkin/zipkin:3 (scripts/docker-offline.sh): Maven Central's zipkin-server exec
# jar on the JRE stand-in. Like the official image: JAVA_OPTS and the server's arguments, port 9411.
ARG JRE_IMAGE=crm-standin/jre:17
FROM ${JRE_IMAGE}
COPY zipkin-server-exec.jar /zipkin/zipkin.jar
USER 65534:65534
EXPOSE 9411
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /zipkin/zipkin.jar \"$@\"", "zipkin"]
