"""What every response carries and every upload is held to: security headers, a body size limit, safe names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

from itu_contrib.csp import policy_of_page

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The policy of every page: nothing but this server's own styles, scripts and forms.
CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: What a report viewed in the browser gets beyond its own policy (its CSS and one script by hash): a sandbox.
REPORT_CSP_EXTRA = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox allow-scripts"
#: The policy of a served report whose own policy cannot be read: no style, no script.
REPORT_CSP = f"default-src 'none'; style-src 'none'; script-src 'none'; img-src data:; {REPORT_CSP_EXTRA}"


def report_policy(html: bytes) -> str:
    """The policy sent with a report made by this package: the one in its head, plus a sandbox.

    The page's own policy allows its CSS and script by hash; :data:`REPORT_CSP` (no style, no script) is sent when
    the page declares none.
    """
    own = policy_of_page(html)
    return f"{own}; {REPORT_CSP_EXTRA}" if own else REPORT_CSP


HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_UNSAFE = re.compile(r"[^\w .,()+\-]")
#: File name endings kept on the neutral upload names (the library reads a file by its content, CSVs by both).
KEPT_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt"})


def display_name(raw: str | None, taken: set[str] | None = None, *, fallback: str = "upload") -> str:
    r"""The name an upload is shown by: its last path part, without control or markup characters, unique.

    Used only for display (pages, messages, download names), never as a path on disk.

    >>> display_name("../../etc/passwd.xlsx"), display_name("C:\\Users\\me\\ITU-D 2025.xlsx")
    ('passwd.xlsx', 'ITU-D 2025.xlsx')
    >>> display_name("a\x00b<script>.csv"), display_name("...", fallback="file 1")
    ('ab_script_.csv', 'file 1')
    >>> display_name("x.xlsx", {"x.xlsx"})
    'x (2).xlsx'
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = _CONTROL.sub("", text)
    text = re.split(r"[/\\]", text)[-1]
    text = _UNSAFE.sub("_", text).strip(" .")
    if len(text) > 120:
        stem, dot, suffix = text.rpartition(".")
        text = (stem[: 110 - len(suffix)] + dot + suffix) if dot and len(suffix) <= 8 else text[:120]
    text = text or fallback
    if taken is not None:
        stem, dot, suffix = text.rpartition(".")
        if not dot:
            stem, suffix = text, ""
        candidate, n = text, 2
        while candidate.casefold() in {t.casefold() for t in taken}:
            candidate = f"{stem} ({n}){dot}{suffix}"
            n += 1
        taken.add(candidate)
        text = candidate
    return text


def disk_suffix(name: str) -> str:
    """The ending kept on an upload's neutral name on disk: a known spreadsheet ending, else none."""
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    return suffix if suffix in KEPT_SUFFIXES else ""


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition header for ``filename`` (an ASCII fallback and the UTF-8 name)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()+-]", "_", ascii_name).strip() or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


class SecurityHeaders:
    """Adds :data:`HEADERS` to every response (a route may set its own Content-Security-Policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in headers}
                for key, value in HEADERS.items():
                    if key not in present:
                        headers.append((key.encode("latin-1"), value.encode("latin-1")))
                if "cache-control" not in present:
                    headers.append((b"cache-control", b"public, max-age=3600" if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """The request body passed the limit."""


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with ``on_too_large`` (413), before or while it is read."""

    def __init__(self, app: ASGIApp, *, limit: int, on_too_large: ASGIApp) -> None:
        self.app, self.limit, self.on_too_large = app, limit, on_too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self.on_too_large(scope, receive, send)
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:  # pragma: no cover - the app answers only after reading the body
                raise
            await self.on_too_large(scope, receive, send)


__all__ = [
    "CSP",
    "HEADERS",
    "KEPT_SUFFIXES",
    "REPORT_CSP",
    "REPORT_CSP_EXTRA",
    "BodyLimit",
    "BodyTooLarge",
    "SecurityHeaders",
    "content_disposition",
    "disk_suffix",
    "display_name",
    "report_policy",
]
