"""Short-lived, single-use downloads: the annotated copies and reports made for one request, behind random tokens.

A download is two files in a private folder (mode 0700): ``<token>.data`` and ``<token>.json`` (its name, type and
expiry). Taking a download renames its ``.json`` first, which only one request can do, so a token works once, even
with several server processes sharing the folder; what is not taken is deleted when it expires.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Download:
    """One download taken from the store."""

    data: bytes
    filename: str
    media_type: str
    inline: bool = False


def default_folder() -> Path:
    """The store's folder, shared by the server processes of one user: ``$TMPDIR/itu-contrib-web-<uid>``."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"itu-contrib-web-{uid}"


def _private_folder(folder: Path) -> Path:
    """Create ``folder`` (0700) or check that it is a real folder of ours that only we can read."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise RuntimeError(f"{folder} is not a folder of this user; set another download folder")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


class DownloadStore:
    """Downloads kept ``ttl`` seconds at most, each served once."""

    def __init__(self, folder: Path | None = None, *, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self.folder = _private_folder(Path(folder) if folder is not None else default_folder())
        self.ttl = ttl
        self.clock = clock

    def put(self, data: bytes, filename: str, media_type: str, *, inline: bool = False) -> str:
        """Keep ``data`` and return its token (43 random URL-safe characters)."""
        self.sweep()
        token = secrets.token_urlsafe(32)
        meta = {"filename": filename, "media_type": media_type, "inline": inline, "expires": self.clock() + self.ttl}
        body = self.folder / f"{token}.data"
        fd = os.open(body, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp = self.folder / f"{token}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
        os.replace(tmp, self.folder / f"{token}.json")  # the download exists from here on
        return token

    def take(self, token: str) -> Download | None:
        """The download of ``token`` and its removal; None when unknown, expired or already taken."""
        if not _TOKEN.fullmatch(token):
            return None
        meta_path = self.folder / f"{token}.json"
        claimed = self.folder / f"{token}.taken-{secrets.token_hex(4)}"
        try:
            os.rename(meta_path, claimed)
        except FileNotFoundError:
            return None
        body = self.folder / f"{token}.data"
        try:
            meta = json.loads(claimed.read_text(encoding="utf-8"))
            if float(meta["expires"]) < self.clock():
                return None
            return Download(body.read_bytes(), str(meta["filename"]), str(meta["media_type"]), bool(meta["inline"]))
        except (OSError, ValueError, KeyError):
            return None
        finally:
            claimed.unlink(missing_ok=True)
            body.unlink(missing_ok=True)

    def sweep(self) -> int:
        """Delete every expired download (and leftovers of interrupted ones); returns how many files went."""
        now = self.clock()
        removed = 0
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            token = entry.name.split(".", 1)[0]
            if not _TOKEN.fullmatch(token):
                continue
            expired = False
            if entry.name.endswith(".json"):
                try:
                    expired = float(json.loads(Path(entry.path).read_text(encoding="utf-8"))["expires"]) < now
                except (OSError, ValueError, KeyError):
                    expired = True
            else:
                with contextlib.suppress(OSError):
                    expired = entry.stat().st_mtime + self.ttl < time.time()
            if expired:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
                if entry.name.endswith(".json"):
                    with contextlib.suppress(OSError):
                        os.unlink(self.folder / f"{token}.data")
                        removed += 1
        return removed

    def clear(self, tokens: list[str]) -> None:
        """Delete the given downloads now (at shutdown: this process's downloads do not outlive it)."""
        for token in tokens:
            if _TOKEN.fullmatch(token):
                for suffix in (".json", ".data", ".tmp"):
                    (self.folder / f"{token}{suffix}").unlink(missing_ok=True)


__all__ = ["Download", "DownloadStore", "default_folder"]
