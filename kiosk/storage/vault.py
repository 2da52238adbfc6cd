"""The media vault: liveness videos and frames, encrypted with AES-256-GCM.

The key lives in a file outside the database (``vault.key`` in the data folder, or
``KIOSK_VAULT_KEY_FILE``; mode 0600), created on first use. Every machine that shows media needs
a copy of it. The database holds only ciphertext, plus the key's fingerprint, so a missing or
different key file is reported as such instead of silently starting a new key. Every store,
view and deletion is written to the audit log.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, insert, select

from kiosk.storage.audit import record
from kiosk.storage.database import Database, data_dir, upsert_insert
from kiosk.storage.schema import media, site_secrets

FINGERPRINT = "vault_key_fingerprint"


class VaultError(RuntimeError):
    """The vault cannot do what was asked; the message says why and what to do."""


def key_path() -> Path:
    override = os.environ.get("KIOSK_VAULT_KEY_FILE")
    return Path(override) if override else data_dir() / "vault.key"


def _fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"kiosk-vault" + key).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class StoredMedia:
    id: int
    uid: str
    kind: str
    created_at: datetime
    purge_after: datetime
    size: int


class Vault:
    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path or key_path()
        self._key: bytes | None = None

    def _site_fingerprint(self) -> str | None:
        with self.db.read() as conn:
            value = conn.execute(
                select(site_secrets.c.value).where(site_secrets.c.name == FINGERPRINT)
            ).scalar()
        return str(value) if value else None

    def key(self, now: datetime) -> bytes:
        if self._key is not None:
            return self._key
        expected = self._site_fingerprint()
        if self.path.exists():
            if self.path.stat().st_mode & 0o077:
                raise VaultError(
                    f"the media key file {self.path} can be read by other users; "
                    f"run: chmod 600 {self.path}"
                )
            key = self.path.read_bytes()
            if len(key) != 32:
                raise VaultError(f"the media key file {self.path} is damaged (wrong length)")
            if expected is not None and _fingerprint(key) != expected:
                raise VaultError(
                    f"the media key file {self.path} is not the key this site's media is "
                    "encrypted with; copy the site's key file here"
                )
        else:
            if expected is not None:
                raise VaultError(
                    f"the media key file {self.path} is missing; the site's media cannot be "
                    "read or added until the site's key file is copied there"
                )
            key = AESGCM.generate_key(bit_length=256)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(key)
        if expected is None:
            with self.db.write() as conn:
                conn.execute(
                    upsert_insert(conn, site_secrets)
                    .values(name=FINGERPRINT, value=_fingerprint(key), created_at=now)
                    .on_conflict_do_nothing(index_elements=[site_secrets.c.name])
                )
            if self._site_fingerprint() != _fingerprint(key):
                raise VaultError("another machine created the site's media key first; copy it here")
        self._key = key
        return key

    def store(
        self, kind: str, data: bytes, *, now: datetime, purge_after: datetime, actor: str
    ) -> int:
        key = self.key(now)
        uid = str(uuid.uuid4())
        nonce = secrets.token_bytes(12)
        ciphertext = AESGCM(key).encrypt(nonce, data, f"{uid}:{kind}".encode())
        with self.db.write() as conn:
            media_id = int(
                conn.execute(
                    insert(media)
                    .values(
                        uid=uid,
                        kind=kind,
                        created_at=now,
                        purge_after=purge_after,
                        key_id=_fingerprint(key),
                        nonce=nonce,
                        ciphertext=ciphertext,
                        size=len(data),
                    )
                    .returning(media.c.id)
                ).scalar_one()
            )
            record(
                conn,
                at=now,
                actor=actor,
                action="media_stored",
                entity="media",
                entity_id=media_id,
                details={"kind": kind, "bytes": len(data)},
            )
        return media_id

    def read(self, media_id: int, *, now: datetime, actor: str, purpose: str) -> bytes:
        """Decrypt in memory for viewing; the viewing is audited."""
        key = self.key(now)
        with self.db.write() as conn:
            row = conn.execute(select(media).where(media.c.id == media_id)).mappings().first()
            if row is None:
                raise VaultError(f"media {media_id} does not exist (it may have been purged)")
            record(
                conn,
                at=now,
                actor=actor,
                action="media_viewed",
                entity="media",
                entity_id=media_id,
                details={"kind": row["kind"], "purpose": purpose},
            )
        try:
            return AESGCM(key).decrypt(
                bytes(row["nonce"]),
                bytes(row["ciphertext"]),
                f"{row['uid']}:{row['kind']}".encode(),
            )
        except InvalidTag as exc:
            raise VaultError(f"media {media_id} cannot be decrypted with this key file") from exc

    def purge(self, *, now: datetime, actor: str, only: list[int] | None = None) -> int:
        """Delete media past its retention date (or exactly ``only``, whatever their date)."""
        with self.db.write() as conn:
            chosen = media.c.purge_after <= now if only is None else media.c.id.in_(list(only))
            expired = list(conn.execute(select(media.c.id, media.c.kind).where(chosen)))
            if expired:
                conn.execute(delete(media).where(media.c.id.in_([r[0] for r in expired])))
            for media_id, kind in expired:
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="media_purged",
                    entity="media",
                    entity_id=media_id,
                    details={"kind": kind},
                )
        return len(expired)

    def listing(self) -> list[StoredMedia]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(
                    media.c.id,
                    media.c.uid,
                    media.c.kind,
                    media.c.created_at,
                    media.c.purge_after,
                    media.c.size,
                ).order_by(media.c.id)
            ).all()
        return [StoredMedia(*row) for row in rows]
