"""Shared fixtures: fresh data folder and settings per test, databases on both backends."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The visitor kiosk types through the embedded on-screen keyboard (as `kiosk visitor` does).
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from kiosk.settings import SiteConfig, default_site
from kiosk.storage import Database
from kiosk.storage.database import set_connection_guard
from tests.gui_thread_guard import forbid_database_from_screens

#: the CUPS fixtures (a running cupsd, a cups-pdf queue) for printing tests
pytest_plugins = ["tests.cups_queues"]

POSTGRES_ADMIN_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(autouse=True)
def _cheaper_pin_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """PINs hashed at 1/128 of the production cost, so that a test with three accounts does not
    spend seconds in scrypt; test_staff_accounts checks the production cost itself, and the
    command-line tests (separate processes) run at it."""
    from kiosk.services import staff_accounts

    monkeypatch.setattr(staff_accounts, "SCRYPT_N", 2**10)


@pytest.fixture(autouse=True)
def _no_database_on_the_gui_thread() -> Iterator[None]:
    set_connection_guard(forbid_database_from_screens)
    yield
    set_connection_guard(None)


@pytest.fixture(autouse=True)
def _fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.delenv("KIOSK_DATABASE_URL", raising=False)
    return data


@pytest.fixture
def site() -> SiteConfig:
    return default_site()


def _admin_connect() -> psycopg.Connection:
    try:
        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable ({exc}); the PostgreSQL tests "
            "need it (set KIOSK_TEST_POSTGRES_URL to use another server)",
            pytrace=False,
        )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test, dropped afterwards."""
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    with _admin_connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with _admin_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'site.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()
