"""Content-Security-Policy of the self-contained HTML pages: their own scripts allowed by hash, no other script."""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

__all__ = ["PAGE_SCRIPT", "content_security_policy", "page_script_hash", "script_hash"]

#: The one script of the report and the validation page (a file of the templates folder, inlined as it is).
PAGE_SCRIPT = "report.js"


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly the inline script whose text is ``source``.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(*scripts: str) -> Markup:
    """The policy of a page whose inline scripts are ``scripts`` (their exact text between the script tags).

    Nothing is fetched (``default-src 'none'``; images only as data: URLs); inline styles are allowed, scripts only
    by hash, so markup that an escaping bug let through cannot run (no inline handler, no injected script).

    >>> "'unsafe-inline'" in content_security_policy("let x = 1;").split("script-src")[1]
    False
    """
    allowed = " ".join(script_hash(str(s)) for s in scripts) or "'none'"
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src {allowed}; img-src data:"
    return Markup(policy)  # noqa: S704 - fixed text and base64 digests, no user data


def page_script_hash() -> str:
    """The hash source of PAGE_SCRIPT, for a policy sent with a page as an HTTP header (``itu-contrib serve``)."""
    from importlib import resources

    return script_hash(resources.files("itu_contrib").joinpath("templates", PAGE_SCRIPT).read_text(encoding="utf-8"))
