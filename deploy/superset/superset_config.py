# Superset for ImageLake's analysts (docker-compose): its own metadata in SQLite under superset_home, the marts
# through Trino (the database and the "Images processed" dashboard are imported at start by bootstrap.sh).
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
# analysts read; nobody writes through Superset (Trino's rules refuse it too)
PREVENT_UNSAFE_DB_CONNECTIONS = True
FEATURE_FLAGS = {"DASHBOARD_RBAC": True}


def DB_CONNECTION_MUTATOR(uri, params, username, security_manager, source):  # noqa: N802 (Superset's name)
    """Superset's Trino login: the password comes from the environment at connect time, so no export, no
    metadata row and no process list ever holds it. Which user a query runs as is set before this by
    impersonate_user (the logged-in Superset user)."""
    if uri.drivername == "trino" and uri.host == "trino" and uri.username == "superset":
        uri = uri.set(password=os.environ["TRINO_SUPERSET_PASSWORD"])
    return uri, params
