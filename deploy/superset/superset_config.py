# Superset for ImageLake's analysts (docker-compose): its own metadata in SQLite under superset_home, the marts
# through Trino (the database and the "Images processed" dashboard are imported at start by bootstrap.sh).
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
# analysts read; nobody writes through Superset (Trino's rules refuse it too)
PREVENT_UNSAFE_DB_CONNECTIONS = True
FEATURE_FLAGS = {"DASHBOARD_RBAC": True}
