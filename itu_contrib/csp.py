"""Content-Security-Policy of the self-contained HTML pages: their own script and style by hash, nothing else."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence

from markupsafe import Markup

__all__ = ["content_security_policy", "policy_of_page", "script_hash"]

_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"<>]*)">')
#: How far into a page its policy is looked for (it is in the head, before the inline CSS).
_HEAD_BYTES = 4096


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly the inline script whose text is ``source``.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(*scripts: str, styles: Sequence[str] = ()) -> Markup:
    """The policy of a page whose inline scripts are ``scripts`` and style elements ``styles`` (their exact text).

    Nothing is fetched (``default-src 'none'``; images only as data: URLs); scripts and style elements only by hash,
    so markup that an escaping bug let through can neither run (no inline handler, no injected script) nor restyle
    the page (no injected style element or ``style`` attribute).

    >>> policy = content_security_policy("let x = 1;", styles=["p{color:red}"])
    >>> "'unsafe-inline'" in policy, policy.count("'sha256-")
    (False, 2)
    """
    allowed = " ".join(script_hash(str(s)) for s in scripts) or "'none'"
    styled = " ".join(script_hash(str(s)) for s in styles) or "'none'"
    policy = f"default-src 'none'; style-src {styled}; script-src {allowed}; img-src data:"
    return Markup(policy)  # noqa: S704 - fixed text and base64 digests, no user data


def policy_of_page(html: bytes) -> str | None:
    """The policy a page made by :func:`content_security_policy` declares in its head (for an HTTP header)."""
    found = _META.search(html[:_HEAD_BYTES])
    return found.group(1).decode("ascii", "replace") if found else None
