#!/usr/bin/env bash
# Prepares Docker on a machine with no engine and no reachable container registry (this
# project's CI machines): installs Debian's docker.io and docker-compose, starts dockerd, and
# builds stand-in base images from Debian packages under their own names:
#   crm-standin/jre:17        Debian's OpenJDK 17 JRE  (stands in for eclipse-temurin:17-jre)
#   crm-standin/postgres:15   Debian's PostgreSQL 15   (stands in for postgres:17; same env variables)
# Then: JRE_IMAGE=crm-standin/jre:17 POSTGRES_IMAGE=crm-standin/postgres:15 docker-compose ...
# Needs root and Debian's package mirror. Idempotent: what exists is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
JRE_STANDIN=crm-standin/jre:17
PG_STANDIN=crm-standin/postgres:15
# Several instances (README, "Several instances"): the gateways' shared rate limits and the config bus.
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

present=1
for image in "$JRE_STANDIN" "$PG_STANDIN" "$REDIS_STANDIN" "$RABBITMQ_STANDIN"; do
  docker image inspect "$image" >/dev/null 2>&1 || present=0
done
if [[ $present == 1 ]]; then
  echo "Stand-in images present: $JRE_STANDIN, $PG_STANDIN, $REDIS_STANDIN, $RABBITMQ_STANDIN"
  exit 0
fi

# One Debian root file system serves both stand-ins (one download instead of two).
rootfs=$(mktemp -d /tmp/standin-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
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
docker images | grep crm-standin
