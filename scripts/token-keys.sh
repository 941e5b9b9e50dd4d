#!/usr/bin/env bash
# Prints a fresh RSA key pair for each signer of the suite's tokens, as env lines:
#   <SIGNER>_TOKEN_SIGNING_KEY   the private key (base64 PKCS#8 DER): that service's own env only
#   <SIGNER>_TOKEN_PUBLIC_KEYS   the public key (base64 X.509 DER): every service that trusts it;
#                                during a rotation the old and the new key, comma-separated
#   scripts/token-keys.sh [SIGNER ...]   (default: GATEWAY CDR PBX PHONEBOOK, and PRIVACY_KEY: cdr-service's
#                                        HMAC key of erased numbers; never to be rotated with the signers)
# e.g. scripts/token-keys.sh >> .env   (docker compose), or eval-ed into a shell with export.
set -euo pipefail
command -v openssl >/dev/null || { echo "openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }
for signer in "${@:-GATEWAY CDR PBX PHONEBOOK}"; do
  for name in $signer; do
    key=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -outform DER | base64 -w0)
    public=$(echo "$key" | base64 -d | openssl pkey -inform DER -pubout -outform DER 2>/dev/null | base64 -w0)
    echo "${name}_TOKEN_SIGNING_KEY=$key"
    echo "${name}_TOKEN_PUBLIC_KEYS=$public"
  done
done
if [[ $# -eq 0 ]]; then
  echo "PRIVACY_KEY=$(openssl rand -base64 32)"
fi
