#!/bin/sh
# Superset's start in docker-compose: the Trino driver, Superset's own tables, the admin user, then the
# "Images processed" dashboard with its database, datasets and charts (deploy/superset/dashboard, an export).
set -eu
pip install --no-cache-dir --quiet trino==0.333.0
superset db upgrade
superset fab create-admin --username admin --firstname Superset --lastname Admin --email admin@localhost \
  --password "$SUPERSET_ADMIN_PASSWORD" || true
superset init
python -c "import shutil; shutil.make_archive('/tmp/imagelake-dashboard', 'zip', '/app/imagelake', 'dashboard')"
superset import-dashboards --path /tmp/imagelake-dashboard.zip --username admin
exec /usr/bin/run-server.sh
