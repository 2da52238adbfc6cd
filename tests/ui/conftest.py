"""Fixtures of the admin-screen tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.site_context import SiteContext, open_site
from tests.ui.admin_driver import WINDOWS


@pytest.fixture
def admin_site(tmp_path: Path) -> Iterator[SiteContext]:
    """A site on SQLite with an administrator (Li Na, 864209) and a clerk (Wang Fang, 2468)."""
    context = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    context.staff.add("Li Na", "864209", role="admin")
    context.staff.add("Wang Fang", "2468")
    yield context
    context.close()
    WINDOWS.clear()  # the admin windows of the test go with it
