#!/bin/sh
# docker-compose's trino-init (image alpine/openssl): what Trino needs to authenticate its users, made before it
# starts. Trino takes passwords only over HTTPS, so it needs a certificate; its password file holds PBKDF2 hashes,
# never a password. The same script makes the files TrinoAuthenticationIT starts a real Trino with.
#
#   init.sh <security-dir> <ca-dir> <prometheus-dir>
#
# <security-dir> (Trino only): trino.pem (key and certificate, made once), password.db (rewritten at every start,
#                so a password changed in .env takes effect at the next `docker compose up`)
# <ca-dir>       (Trino's clients): trino.crt, the certificate they trust
# <prometheus-dir> (Prometheus only): trino-password, its scrape password
#
# Passwords from the environment (.env): TRINO_ADMIN_PASSWORD (the admin analyst), TRINO_LAKE_QUERY_PASSWORD
# (query-service), TRINO_SUPERSET_PASSWORD (Superset, which runs each query as its logged-in user),
# TRINO_PROMETHEUS_PASSWORD (the metrics scrape), and ANALYST_TENANT + ANALYST_PASSWORD (one tenant's analyst).
# TRINO_UID / PROMETHEUS_UID: who owns what each reads (the images' users: 1000 and 65534).
set -eu
security=$1
ca=$2
prometheus=$3
umask 077
mkdir -p "$security" "$ca" "$prometheus"

if [ ! -s "$security/trino.pem" ]; then
  # SANs: the compose service name, and loopback for a port forwarded to it
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=trino" \
    -addext "subjectAltName=DNS:trino,DNS:localhost,IP:127.0.0.1" \
    -keyout "$security/trino.key" -out "$security/trino.crt" 2> /dev/null
  cat "$security/trino.key" "$security/trino.crt" > "$security/trino.pem.tmp"
  rm "$security/trino.key"
  mv "$security/trino.pem.tmp" "$security/trino.pem"
fi
cp "$security/trino.crt" "$ca/trino.crt.tmp"
mv "$ca/trino.crt.tmp" "$ca/trino.crt"
chmod 644 "$ca/trino.crt"
chmod 755 "$ca"

# Trino's file authenticator: user:iterations:salt:hash, PBKDF2 with HMAC-SHA1 (what it verifies), hex lower case
pbkdf2() {
  salt=$(openssl rand -hex 16)
  hash=$(openssl kdf -keylen 32 -kdfopt digest:SHA1 -kdfopt "pass:$1" -kdfopt "hexsalt:$salt" \
    -kdfopt iter:100000 PBKDF2 | tr -d ':' | tr 'A-F' 'a-f')
  echo "100000:$salt:$hash"
}
entry() {
  if [ -z "$2" ]; then
    echo "trino-init: no password for Trino user $1 (set it in .env)" >&2
    exit 1
  fi
  echo "$1:$(pbkdf2 "$2")"
}
{
  entry admin "${TRINO_ADMIN_PASSWORD:-}"
  entry lake-query "${TRINO_LAKE_QUERY_PASSWORD:-}"
  entry superset "${TRINO_SUPERSET_PASSWORD:-}"
  entry prometheus "${TRINO_PROMETHEUS_PASSWORD:-}"
  if [ -n "${ANALYST_TENANT:-}" ]; then
    entry "$ANALYST_TENANT" "${ANALYST_PASSWORD:-}"
  fi
} > "$security/password.db.tmp"
mv "$security/password.db.tmp" "$security/password.db"

printf '%s' "$TRINO_PROMETHEUS_PASSWORD" > "$prometheus/trino-password.tmp"
mv "$prometheus/trino-password.tmp" "$prometheus/trino-password"

if [ "$(id -u)" = 0 ]; then
  chown -R "${TRINO_UID:-1000}" "$security"
  chown -R "${PROMETHEUS_UID:-65534}" "$prometheus"
fi
echo "trino-init: certificate and $(wc -l < "$security/password.db") Trino users ready"
