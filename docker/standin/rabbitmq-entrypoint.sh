#!/bin/bash
# Entry point of the RabbitMQ stand-in image (Debian's rabbitmq-server), honouring the official
# rabbitmq image's RABBITMQ_DEFAULT_USER and RABBITMQ_DEFAULT_PASS: that user, allowed from other
# hosts (the official image's guest may log in from loopback only, and so does Debian's).
# RABBITMQ_LISTEN: where AMQP listens (default: port 5672 on every address).
set -euo pipefail
: "${RABBITMQ_DEFAULT_PASS:?RABBITMQ_DEFAULT_PASS must be set}"
mkdir -p /etc/rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
umask 077
printf 'default_user = %s\ndefault_pass = %s\nlisteners.tcp.default = %s\n' \
  "${RABBITMQ_DEFAULT_USER:-guest}" "$RABBITMQ_DEFAULT_PASS" "${RABBITMQ_LISTEN:-5672}" >/etc/rabbitmq/rabbitmq.conf
export RABBITMQ_CONFIG_FILE=/etc/rabbitmq/rabbitmq.conf HOME=/var/lib/rabbitmq
# The server itself, not Debian's wrapper, which switches to its own user.
exec /usr/lib/rabbitmq/bin/rabbitmq-server
