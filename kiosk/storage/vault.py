"""The media vault: liveness videos and frames, encrypted with AES-256-GCM.

The key lives in a file outside the database (``vault.key`` in the data folder, or
``KIOSK_VAULT_KEY_FILE``, ideally outside the data folder so that a backup of one never holds
both key and ciphertext; mode 0600), created on first use. Every machine that shows media needs
a copy of it. The database holds only ciphertext, plus the key's fingerprint, so a missing or
different key file is reported as such instead of silently starting a new key. Each media row
names the key it is encrypted with. Every store, view and deletion is written to the audit log.

``rotate_key`` re-encrypts everything under a new key (``vault.key.new`` while it runs). It is
safe to interrupt anywhere: each item is re-encrypted in its own transaction, the site switches
to the new key only once no item is left under the old one, and running it again finishes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, func, insert, select, update

from kiosk.storage.audit import record
from kiosk.storage.database import Database, data_dir, upsert_insert
from kiosk.storage.schema import media, site_secrets

log = logging.getLogger(__name__)

FINGERPRINT = "vault_key_fingerprint"


class VaultError(RuntimeError):
    """The vault cannot do what was asked; the message says why and what to do."""


def key_path() -> Path:
    override = os.environ.get("KIOSK_VAULT_KEY_FILE")
    return Path(override) if override else data_dir() / "vault.key"


def _fingerprint(key: bytes) -> str:
    return hashlib.sha256(b"kiosk-vault" + key).hexdigest()[:16]


def _read_key(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        raise VaultError(
            f"the media key file {path} can be read by other users; run: chmod 600 {path}"
        )
    key = path.read_bytes()
    if len(key) != 32:
        raise VaultError(f"the media key file {path} is damaged (wrong length)")
    return key


def _write_key(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())


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

    @property
    def new_path(self) -> Path:
        return self.path.with_name(self.path.name + ".new")

    def _site_fingerprint(self, conn: Connection | None = None) -> str | None:
        query = select(site_secrets.c.value).where(site_secrets.c.name == FINGERPRINT)
        if conn is not None:
            value = conn.execute(query).scalar()
        else:
            with self.db.read() as reading:
                value = reading.execute(query).scalar()
        return str(value) if value else None

    def _keys(self) -> dict[str, bytes]:
        """Every key file at hand (the key, and a rotation's new key), by fingerprint."""
        keys = {}
        for path in (self.path, self.new_path):
            if path.exists():
                key = _read_key(path)
                keys[_fingerprint(key)] = key
        return keys

    def key(self, now: datetime) -> bytes:
        """The site's key (creating it on the first machine that needs one)."""
        expected = self._site_fingerprint()
        keys = self._keys()
        if expected is not None:
            if expected in keys:
                return keys[expected]
            if self.path.exists():
                raise VaultError(
                    f"the media key file {self.path} is not the key this site's media is "
                    "encrypted with; copy the site's key file here"
                )
            raise VaultError(
                f"the media key file {self.path} is missing; the site's media cannot be "
                "read or added until the site's key file is copied there"
            )
        if self.path.exists():
            key = _read_key(self.path)
        else:
            key = AESGCM.generate_key(bit_length=256)
            _write_key(self.path, key)
        with self.db.write() as conn:
            conn.execute(
                upsert_insert(conn, site_secrets)
                .values(name=FINGERPRINT, value=_fingerprint(key), created_at=now)
                .on_conflict_do_nothing(index_elements=[site_secrets.c.name])
            )
        if self._site_fingerprint() != _fingerprint(key):
            raise VaultError("another machine created the site's media key first; copy it here")
        return key

    def store(
        self, kind: str, data: bytes, *, now: datetime, purge_after: datetime, actor: str
    ) -> int:
        key = self.key(now)
        uid = str(uuid.uuid4())
        nonce = secrets.token_bytes(12)
        ciphertext = AESGCM(key).encrypt(nonce, data, f"{uid}:{kind}".encode())
        with self.db.write() as conn:
            if self._site_fingerprint(conn) != _fingerprint(key):
                raise VaultError("the site's media key changed meanwhile; copy the new key here")
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
        keys = self._keys()
        if not keys:
            raise VaultError(
                f"the media key file {self.path} is missing; the site's media cannot be read "
                "until the site's key file is copied there"
            )
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
        return self._decrypt(row, keys)

    @staticmethod
    def _decrypt(row: object, keys: dict[str, bytes]) -> bytes:
        values: dict[str, object] = dict(row)  # type: ignore[call-overload]
        key = keys.get(str(values["key_id"]))
        if key is None:
            raise VaultError(
                f"media {values['id']} is encrypted with a key this machine does not have"
            )
        try:
            return AESGCM(key).decrypt(
                bytes(values["nonce"]),  # type: ignore[call-overload]
                bytes(values["ciphertext"]),  # type: ignore[call-overload]
                f"{values['uid']}:{values['kind']}".encode(),
            )
        except InvalidTag as exc:
            raise VaultError(
                f"media {values['id']} cannot be decrypted with this key file"
            ) from exc

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

    # -- a new key -----------------------------------------------------------------------------
    def rotate_key(
        self, *, now: datetime, actor: str, after_item: Callable[[int], None] | None = None
    ) -> int:
        """Re-encrypt every item under a new key, then make it the site's key; returns how
        many items were re-encrypted by this call. ``after_item`` is told each item's id."""
        expected = self._site_fingerprint()
        if self.new_path.exists():
            new = _read_key(self.new_path)
            if expected == _fingerprint(new):  # interrupted after the switch: finish it
                os.replace(self.new_path, self.path)
                return 0
        else:
            self.key(now)  # the site's current key must be here to read the items
            new = AESGCM.generate_key(bit_length=256)
            _write_key(self.new_path, new)
        keys = self._keys()
        target = _fingerprint(new)
        moved = 0
        while True:
            with self.db.read() as conn:
                pending = list(
                    conn.execute(select(media.c.id).where(media.c.key_id != target)).scalars()
                )
            for media_id in pending:
                with self.db.write() as conn:
                    row = conn.execute(select(media).where(media.c.id == media_id)).mappings()
                    item = row.first()
                    if item is None or item["key_id"] == target:
                        continue  # purged or done meanwhile
                    plain = self._decrypt(item, keys)
                    nonce = secrets.token_bytes(12)
                    sealed = AESGCM(new).encrypt(
                        nonce, plain, f"{item['uid']}:{item['kind']}".encode()
                    )
                    conn.execute(
                        update(media)
                        .where(media.c.id == media_id, media.c.key_id == item["key_id"])
                        .values(key_id=target, nonce=nonce, ciphertext=sealed)
                    )
                moved += 1
                if after_item is not None:
                    after_item(media_id)
            with self.db.write() as conn:
                lock = select(site_secrets.c.value).where(site_secrets.c.name == FINGERPRINT)
                if conn.dialect.name == "postgresql":
                    lock = lock.with_for_update()
                conn.execute(lock)
                left = conn.execute(
                    select(func.count()).select_from(media).where(media.c.key_id != target)
                ).scalar_one()
                if left:
                    continue  # stored meanwhile under the old key: once more
                conn.execute(
                    update(site_secrets)
                    .where(site_secrets.c.name == FINGERPRINT)
                    .values(value=target)
                )
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="vault_key_rotated",
                    entity="vault",
                    entity_id=None,
                    details={"items": moved},
                )
            break
        os.replace(self.new_path, self.path)
        log.info("media key rotated: %d item(s) re-encrypted", moved)
        return moved
