"""The editor's narrative: Markdown per section, action line, role or ring, read from files and rendered safely.

A narrative is a folder of Markdown files named by key (``introduction.md``, ``C2.md``, ``sole-facilitator.md``,
``main-key-focus.md``) or one TOML file of ``key = '''markdown'''`` entries. The text is untrusted: it is rendered
by markdown-it-py in CommonMark mode with raw HTML off, images off (the report makes no request), and only
http(s), mailto and in-page links kept.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .errors import ConfigError
from .reference import ROLE_ORDER, Reference
from .sections import role_key, section_keys

if TYPE_CHECKING:
    from .aggregate import Summary

#: The key of the text that opens the report.
INTRODUCTION = "introduction"
_LINK_SCHEMES = ("http://", "https://", "mailto:", "#")


class NarrativeError(ConfigError):
    """A narrative file cannot be read or names a section, action line, role or ring that does not exist."""


def fold(key: str) -> str:
    """A narrative key as matched: case, spaces and underscores ignored (``Main key_focus`` -> ``main-key-focus``).

    >>> fold(" C7.e-Health "), fold("Sole facilitator"), fold("main_key_focus")
    ('c7.e-health', 'sole-facilitator', 'main-key-focus')
    """
    return "-".join(key.strip().lower().replace("_", " ").split())


def ring_key(key: str) -> str:
    """The narrative key of a ring, from the plan's ring key (``main_key_focus`` -> ``main-key-focus``)."""
    return fold(key)


def known_keys(reference: Reference) -> dict[str, str]:
    """Folded spelling -> canonical key of everything a narrative may be written for."""
    keys: dict[str, str] = {INTRODUCTION: INTRODUCTION}
    keys.update({k: k for k in section_keys()})
    keys.update({fold(role_key(r)): role_key(r) for r in ROLE_ORDER})
    keys.update({fold(code): code for code in reference.action_lines})
    for ring in reference.rings:
        keys[ring_key(ring.key)] = ring_key(ring.key)
        keys[f"ring-{ring.level}"] = ring_key(ring.key)
    return keys


def expected_keys(summary: Summary) -> tuple[str, ...]:
    """The keys an editor is expected to write for (warned when missing): introduction, roles, lines, rings."""
    keys = [INTRODUCTION]
    for group in summary.roles:
        keys.append(role_key(group.role))
        keys.extend(line.code for line in group.lines)
    keys.extend(ring_key(r.key) for r in summary.reference.rings)
    return tuple(keys)


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")  # a remote image would be a network request from a self-contained report
    md.validateLink = lambda url: url.strip().lower().startswith(_LINK_SCHEMES)  # type: ignore[method-assign]
    return md


def parse(text: str) -> list[Token]:
    """The Markdown ``text`` as markdown-it tokens (raw HTML stays text; unsafe links stay text)."""
    return _markdown().parse(text)


def to_html(text: str, level: int) -> Markup:
    """``text`` as safe HTML, its headings shifted so that ``#`` becomes ``<h{level}>`` (at most h6).

    >>> print(to_html("# Note", 3) + to_html("<b>[ITU](https://www.itu.int)</b> [x](javascript:alert(1))", 3))
    <h3>Note</h3>
    <p>&lt;b&gt;<a href="https://www.itu.int" rel="noopener noreferrer">ITU</a>&lt;/b&gt; [x](javascript:alert(1))</p>
    """
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(6, level + int(token.tag[1]) - 1)}"
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("rel", "noopener noreferrer")
    return Markup(md.renderer.render(tokens, md.options, {}))  # noqa: S704 - rendered with raw HTML disabled


@dataclass(frozen=True)
class Narrative:
    """The editor's Markdown texts by canonical key, with the file each came from."""

    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, key: str) -> str | None:
        """The Markdown for ``key``, or None when the editor wrote none (blank text counts as none)."""
        text = self.texts.get(key)
        return text if text and text.strip() else None

    def html(self, key: str, level: int) -> Markup:
        """The text for ``key`` as HTML with headings from ``<h{level}>``, or empty markup."""
        text = self.get(key)
        if not text:
            return Markup("")
        return Markup('<div class="narrative">\n') + to_html(text, level) + Markup("</div>\n")

    def missing(self, keys: Iterable[str]) -> tuple[str, ...]:
        """Those of ``keys`` with no text."""
        return tuple(k for k in keys if self.get(k) is None)


def _entries(path: Path) -> list[tuple[str, str, str]]:
    """(key as written, text, source file) for a folder of .md files, one .md file or one .toml file."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in {".md", ".markdown"})
        return [(p.stem, _read(p), str(p)) for p in files]
    if not path.is_file():
        raise NarrativeError(f"{path}: no such narrative file or folder")
    if path.suffix.lower() == ".toml":
        try:
            raw = tomllib.loads(_read(path))
        except tomllib.TOMLDecodeError as exc:
            raise NarrativeError(f"{path}: {exc}") from exc
        out = []
        for key, value in raw.items():
            if not isinstance(value, str):
                raise NarrativeError(f"{path}: the narrative for '{key}' must be a string of Markdown")
            out.append((key, value, str(path)))
        return out
    if path.suffix.lower() in {".md", ".markdown"}:
        return [(path.stem, _read(path), str(path))]
    raise NarrativeError(f"{path}: a narrative is a folder of .md files, a .md file or a .toml file")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NarrativeError(f"{path}: cannot read the narrative: {exc}") from exc


def load_narrative(paths: str | Path | Sequence[str | Path], reference: Reference) -> Narrative:
    """Read the narrative from a folder, a .md or a .toml file (or several); every key must exist in ``reference``.

    Raises :class:`NarrativeError` naming the file and the key when a key is unknown or given twice.
    """
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    known = known_keys(reference)
    texts: dict[str, str] = {}
    sources: dict[str, str] = {}
    for item in items:
        for written, text, source in _entries(Path(item)):
            key = known.get(fold(written))
            if key is None:
                raise NarrativeError(
                    f"{source}: no section, role, action line or ring is called '{written}' "
                    f"(action lines are {', '.join(a.code for a in reference.main_lines)} and C7's sub-lines; "
                    f"rings are {', '.join(ring_key(r.key) for r in reference.rings)})"
                )
            if key in texts:
                raise NarrativeError(f"{source}: the narrative for '{key}' is also given in {sources[key]}")
            texts[key] = text
            sources[key] = source
    return Narrative(MappingProxyType(texts), MappingProxyType(sources))
