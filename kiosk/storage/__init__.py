"""Persistence: SQLite by default, PostgreSQL for a site with many machines."""

from kiosk.domain.errors import DatabaseUnavailable
from kiosk.storage.database import Database, default_database_url

__all__ = ["Database", "DatabaseUnavailable", "default_database_url"]
