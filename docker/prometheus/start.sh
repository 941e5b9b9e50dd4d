#!/bin/sh
# Prometheus's configuration file reads no environment variables: the credentials go to files
# readable by this container's user only, and the registry's address into a copy of the file.
# Runs in the official image (busybox sh) and in the stand-in (Debian's sh) alike.
set -eu
dir=/tmp/prometheus
mkdir -p "$dir"
umask 077
printf %s "${MANAGEMENT_PASSWORD:?}" >"$dir/management"
printf %s "${EUREKA_PASSWORD:?}" >"$dir/eureka"
printf %s "${CONFIG_PASSWORD:?}" >"$dir/config"
sed -e "s|@EUREKA_SD_URL@|${EUREKA_SD_URL:?}|g" \
    -e "s|@EUREKA_USER@|${EUREKA_USER:-eureka}|g" \
    -e "s|@CONFIG_USER@|${CONFIG_USER:-config}|g" \
    -e "s|@MANAGEMENT_USER@|${MANAGEMENT_USER:-management}|g" \
    -e "s|@ALERTMANAGER_ADDRESS@|${ALERTMANAGER_ADDRESS:-alertmanager:9093}|g" \
    /etc/prometheus/crm/prometheus.yml >"$dir/prometheus.yml"
exec prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path=/prometheus \
  --storage.tsdb.retention.time="${PROMETHEUS_RETENTION:-7d}" \
  --web.listen-address="${PROMETHEUS_LISTEN:-0.0.0.0:9090}" "$@"
