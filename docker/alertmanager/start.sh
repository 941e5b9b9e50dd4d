#!/bin/sh
# Alertmanager reads no environment: the receiver's address goes into a copy of its file. Runs in
# the official image (busybox sh, /bin/alertmanager) and in the stand-in (Debian's sh and
# prometheus-alertmanager) alike. No cluster: one Alertmanager, listening on one address only.
set -eu
dir=/tmp/alertmanager
mkdir -p "$dir/data"
sed -e "s|@ALERT_WEBHOOK_URL@|${ALERT_WEBHOOK_URL:?}|g" /etc/alertmanager/crm/alertmanager.yml >"$dir/alertmanager.yml"
binary=$(command -v alertmanager || command -v prometheus-alertmanager)
exec "$binary" --config.file="$dir/alertmanager.yml" --storage.path="$dir/data" \
  --web.listen-address="${ALERTMANAGER_LISTEN:-0.0.0.0:9093}" --cluster.listen-address= "$@"
