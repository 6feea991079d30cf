"""Encryption at rest of sensitive values (要配慮個人情報), with AES-GCM.

Keys never enter the database. They come from a key file (``PSC_KEY_FILE``) with
one key a line, ``ID BASE64``; the last line is the key that encrypts, the others
only decrypt (so keys can be rotated: add one, run ``psc keys rotate``, then drop
the old line). ``PSC_KEY`` (``ID:BASE64``) gives a single key instead.
Each value is bound to its place: the table, the row's id and the field (AES-GCM's
associated data), so a value copied to another row, or another field, no longer opens:
it reads as a damaged record (:class:`RecordDamaged`), never as the other row's data.
Values sealed before rows were named (``psc1``, bound to program and field only) are
re-sealed by the migration ``core_0009`` and refused afterwards.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import attrs

from psccore.errors import ConfigurationError
from psccore.i18n import Label

PREFIX = "psc2"  # bound to its row
LEGACY = "psc1"  # bound to program and field only: opened by the re-sealing migration alone
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")

NO_KEY = Label(
    "暗号鍵が設定されていません。要配慮個人情報は暗号化して保存するため、"
    "PSC_KEY_FILE（鍵ファイル）を設定してください（作成: psc keys new）。",
    "No encryption key: sensitive data is stored encrypted, so set PSC_KEY_FILE "
    "(make one with `psc keys new`).",
)
BAD_KEY_FILE = Label("鍵ファイル {path} を読めません: {error}", "cannot read key file {path}: {error}")
UNKNOWN_KEY = Label(
    "暗号鍵 {key} がありません。この値を読むには、その鍵を鍵ファイルに加えてください。",
    "Key {key} is missing: add it to the key file to read this value.",
)
WRONG_KEY = Label(
    "暗号鍵 {key} ではこの値を復号できません（鍵が違うか、値が改ざんされています）。",
    "Key {key} cannot decrypt this value (wrong key, or the value was altered).",
)

DAMAGED = Label(
    "記録が損傷しています: {table} {row} の {field} を暗号鍵 {key} で復号できません"
    "（値が他の行から移されたか改ざんされた、または鍵が違います）。管理者に連絡してください"
    "（psc audit verify --data で確認できます）。",
    "Record damaged: {field} of {table} {row} cannot decrypt with key {key} (the value was "
    "moved from another row or altered, or the key is wrong). Tell an administrator "
    "(psc audit verify --data shows what changed).",
)


class RecordDamaged(ConfigurationError):
    """A sealed value does not open in its place: moved from another row, altered, or
    the key is wrong. Audited (``damaged``) by the unit it was met in."""

    def __init__(self, table: str, row_id: int, field: str, key: str) -> None:
        self.table, self.row_id, self.field = table, row_id, field
        self.staff: str | None = None  # who met it, set by the unit
        super().__init__(DAMAGED, table=table, row=row_id, field=field, key=key)


@attrs.frozen
class Place:
    """Where a sealed value lives: its table, its row and its field (e.g.
    ``enrollments``, 12, ``cancer_reemployment.diagnosis``)."""

    table: str
    row_id: int
    field: str

    def associated(self) -> bytes:
        return f"{self.table}#{self.row_id}.{self.field}".encode()


@attrs.frozen
class KeyRing:
    keys: dict[str, bytes]
    active: str

    def encrypt(self, plaintext: str, place: Place) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # only when sealing

        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext.encode(),
                                                        place.associated())
        return f"{PREFIX}:{self.active}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, place: Place) -> str:
        """The value sealed in ``place``; :class:`RecordDamaged` if it was not sealed
        there (or was altered), including a value of the old, row-less kind."""
        prefix, key_id, data = [*token.split(":", 2), "", ""][:3]
        if prefix != PREFIX:
            raise RecordDamaged(place.table, place.row_id, place.field, key_id)
        return self._open(key_id, data, place.associated(),
                          lambda: RecordDamaged(place.table, place.row_id, place.field, key_id))

    def decrypt_legacy(self, token: str, place: str) -> str:
        """A value sealed before rows were named (``psc1``: program and field only), for
        the migration that re-seals it in its row."""
        _, key_id, data = [*token.split(":", 2), "", ""][:3]
        return self._open(key_id, data, place.encode(),
                          lambda: ConfigurationError(WRONG_KEY, key=key_id))

    def _open(self, key_id: str, data: str, associated: bytes,
              damaged: Callable[[], ConfigurationError]) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        key = self.keys.get(key_id)
        if key is None:
            raise ConfigurationError(UNKNOWN_KEY, key=key_id)
        try:
            raw = base64.b64decode(data, validate=True)
            return AESGCM(key).decrypt(raw[:12], raw[12:], associated).decode()
        except (InvalidTag, ValueError):  # moved, altered, truncated, or not ours at all
            raise damaged() from None


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith((PREFIX + ":", LEGACY + ":"))


def is_legacy(value: object) -> bool:
    return isinstance(value, str) and value.startswith(LEGACY + ":")


def new_key_line(key_id: str | None = None) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key_id = key_id or f"k{secrets.token_hex(4)}"
    return f"{key_id} {base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"


def default_key_file() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "psccore" / "psc.keys"


def key_file() -> Path | None:
    """Where the keys are: ``PSC_KEY_FILE``, else the default file if it exists."""
    if path := os.environ.get("PSC_KEY_FILE"):
        return Path(path)
    if os.environ.get("PSC_KEY"):
        return None
    default = default_key_file()
    return default if default.exists() else None


def write_new_key_file(path: Path) -> str:
    """A new key file readable by its owner only; returns the key id."""
    line = new_key_line()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("# psccore encryption keys: the last line encrypts. Keep a copy offline.\n")
        f.write(line + "\n")
    return line.split()[0]


def add_key(path: Path) -> str:
    """Add a new key as the last line (it becomes the one that encrypts); returns its id.
    The file is replaced whole, owner-only, so a failure leaves the old one intact."""
    line = new_key_line()
    text = path.read_text(encoding="utf-8")
    text = (text if text.endswith("\n") or not text else text + "\n") + line + "\n"
    fresh = path.with_name(path.name + ".new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(fresh, path)
    return line.split()[0]


def load_keys() -> KeyRing:
    """The key ring from the key file or ``PSC_KEY``; a clear error when there is none."""
    path = key_file()
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError as exc:
            raise ConfigurationError(BAD_KEY_FILE, path=path, error=exc.strerror) from None
        pairs = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    elif value := os.environ.get("PSC_KEY"):
        pairs = [value.split(":", 1)]
    else:
        raise ConfigurationError(NO_KEY)
    keys: dict[str, bytes] = {}
    for pair in pairs:
        try:
            key_id, encoded = pair
            key = base64.b64decode(encoded, validate=True)
            if not _KEY_ID.fullmatch(key_id) or len(key) != 32:
                raise ValueError("a key is an id and 32 bytes in base64")
        except ValueError as exc:
            raise ConfigurationError(BAD_KEY_FILE, path=path or "PSC_KEY", error=str(exc)) \
                from None
        keys[key_id] = key
    if not keys:
        raise ConfigurationError(NO_KEY)
    return KeyRing(keys, list(keys)[-1])
