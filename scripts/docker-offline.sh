#!/usr/bin/env bash
# Prepares Docker on a machine with no engine and no reachable container registry (this
# project's CI machines): installs Debian's docker.io and docker-compose, starts dockerd, and
# builds stand-in base images from Debian packages under their own names:
#   crm-standin/jre:17        Debian's OpenJDK 17 JRE  (stands in for eclipse-temurin:17-jre)
#   crm-standin/postgres:15   Debian's PostgreSQL 15   (stands in for postgres:17; same env variables)
#   crm-standin/redis:7, crm-standin/rabbitmq:3           (Debian's redis-server, rabbitmq-server)
#   crm-standin/prometheus:2  Debian trixie's Prometheus 2.53 (stands in for prom/prometheus:v2.53; same
#                             entry point)
#   crm-standin/alertmanager:0  Debian trixie's prometheus-alertmanager (stands in for prom/alertmanager)
#   crm-standin/zipkin:3      zipkin-server 3.5.1's exec jar from Maven Central on the JRE stand-in
#                             (stands in for openzipkin/zipkin:3; same JAVA_OPTS and arguments)
# Then: JRE_IMAGE=crm-standin/jre:17 POSTGRES_IMAGE=crm-standin/postgres:15 docker-compose ...
# (scripts/compose-check.sh takes each stand-in where the official image is missing).
# Needs root and Debian's package mirror. Idempotent: what exists is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
JRE_STANDIN=crm-standin/jre:17
PG_STANDIN=crm-standin/postgres:15
# Several instances (docs/operations.md, "Several instances"): the gateways' shared rate limits and the config bus.
REDIS_STANDIN=crm-standin/redis:7
RABBITMQ_STANDIN=crm-standin/rabbitmq:3

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if (( ${#need[@]} )); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "Starting dockerd (log: /tmp/dockerd.log) ..."
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 /tmp/dockerd.log >&2; exit 1; }
fi

PROMETHEUS_STANDIN=crm-standin/prometheus:2
ALERTMANAGER_STANDIN=crm-standin/alertmanager:0
ZIPKIN_STANDIN=crm-standin/zipkin:3
ZIPKIN_SERVER=io.zipkin:zipkin-server:3.5.1:jar:exec
missing() { ! docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
  # One Debian root file system serves both stand-ins (one download instead of two).
  local rootfs
  rootfs=$(mktemp -d /tmp/standin-rootfs.XXXXXX)
  echo "debootstrap $SUITE (minbase + OpenJDK 17 JRE + PostgreSQL 15 + Redis + RabbitMQ) into $rootfs ..."
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,postgresql-15,redis-server,rabbitmq-server,ca-certificates \
    "$SUITE" "$rootfs" "$MIRROR" >/tmp/debootstrap.log 2>&1 || { tail -30 /tmp/debootstrap.log >&2; exit 1; }
  install -m 0755 docker/standin/postgres-entrypoint.sh "$rootfs/usr/local/bin/docker-entrypoint.sh"
  install -m 0755 docker/standin/rabbitmq-entrypoint.sh "$rootfs/usr/local/bin/rabbitmq-entrypoint.sh"
  mkdir -p "$rootfs/docker-entrypoint-initdb.d" "$rootfs/var/lib/postgresql/data"
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --message "stand-in for eclipse-temurin:17-jre: Debian $SUITE openjdk-17-jre-headless" - "$JRE_STANDIN"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --message "stand-in for postgres: Debian $SUITE postgresql-15" - "$PG_STANDIN"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
    --message "stand-in for redis: Debian $SUITE redis-server" - "$REDIS_STANDIN"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/lib/rabbitmq/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV HOME=/var/lib/rabbitmq' \
    --change 'EXPOSE 5672' \
    --change 'ENTRYPOINT ["/usr/local/bin/rabbitmq-entrypoint.sh"]' \
    --message "stand-in for rabbitmq: Debian $SUITE rabbitmq-server" - "$RABBITMQ_STANDIN"
  rm -rf "$rootfs"
}

# Prometheus and Alertmanager from Debian's packages (Prometheus's classic web UI draws the graphs),
# in a root file system of their own, so the others need not be rebuilt for them. They run as
# nobody, as the official images do.
# From trixie: bookworm's 2.42 drops every scrape of a Boot 4 service whole, as their exemplars
# on _count lines need Prometheus 2.43 or later.
PROMETHEUS_SUITE=${DEBIAN_PROMETHEUS_SUITE:-trixie}
build_prometheus() {
  local rootfs
  rootfs=$(mktemp -d /tmp/standin-prometheus.XXXXXX)
  echo "debootstrap $PROMETHEUS_SUITE (minbase + Prometheus + Alertmanager) into $rootfs ..."
  debootstrap --variant=minbase --include=prometheus,prometheus-alertmanager,ca-certificates \
    "$PROMETHEUS_SUITE" "$rootfs" "$MIRROR" >/tmp/debootstrap-prometheus.log 2>&1 \
    || { tail -30 /tmp/debootstrap-prometheus.log >&2; exit 1; }
  mkdir -p "$rootfs/prometheus"
  chown 65534:65534 "$rootfs/prometheus"
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'USER 65534:65534' \
    --change 'WORKDIR /prometheus' \
    --change 'EXPOSE 9090' \
    --change 'ENTRYPOINT ["/usr/bin/prometheus"]' \
    --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' \
    --message "stand-in for prom/prometheus: Debian $PROMETHEUS_SUITE prometheus" - "$PROMETHEUS_STANDIN"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'USER 65534:65534' \
    --change 'EXPOSE 9093' \
    --change 'ENTRYPOINT ["/usr/bin/prometheus-alertmanager"]' \
    --message "stand-in for prom/alertmanager: Debian $PROMETHEUS_SUITE prometheus-alertmanager" - "$ALERTMANAGER_STANDIN"
  rm -rf "$rootfs"
}

# Zipkin's server as Maven Central publishes it (the exec jar), on the JRE stand-in.
build_zipkin() {
  local context
  context=$(mktemp -d /tmp/standin-zipkin.XXXXXX)
  ./mvnw -B -q dependency:copy -Dartifact="$ZIPKIN_SERVER" -DoutputDirectory="$context" -Dmdep.stripVersion=true
  cp docker/standin/zipkin.Dockerfile "$context/Dockerfile"
  docker build -q --build-arg JRE_IMAGE="$JRE_STANDIN" -t "$ZIPKIN_STANDIN" "$context" >/dev/null
  rm -rf "$context"
}

if missing "$JRE_STANDIN" || missing "$PG_STANDIN" || missing "$REDIS_STANDIN" || missing "$RABBITMQ_STANDIN"; then
  build_base
fi
if missing "$PROMETHEUS_STANDIN" || missing "$ALERTMANAGER_STANDIN"; then build_prometheus; fi
if missing "$ZIPKIN_STANDIN"; then build_zipkin; fi
echo "Stand-in images: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep '^crm-standin/' | sort | tr '\n' ' ')"
