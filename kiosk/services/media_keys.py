"""A new key for the media vault (see kiosk.storage.vault for how it stays safe to interrupt)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.services.site_context import SiteContext
from kiosk.storage.vault import Vault


def rotate_media_key(
    site: SiteContext, actor: str, after_item: Callable[[int], None] | None = None
) -> tuple[int, Path]:
    """Re-encrypt every media item under a new key; (items re-encrypted, the key file)."""
    vault = Vault(site.db)
    moved = vault.rotate_key(now=site.clock(), actor=actor, after_item=after_item)
    return moved, vault.path
