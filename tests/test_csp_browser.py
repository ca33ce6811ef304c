"""The report's Content-Security-Policy blocks injected scripts even where escaping failed (headless Chromium)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from builders import tagged_activity

from itu_contrib.aggregate import summarize
from itu_contrib.report import render_report

pytestmark = pytest.mark.browser

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
#: Markup an escaping bug would let through: inline handlers, an inline script.
GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
INJECTED = (
    f'<img id="inj1" src="{GIF}" onload="document.documentElement.dataset.a=1">'
    '<img id="inj2" src="x" onerror="document.documentElement.dataset.b=1">'
    '<svg id="inj3" onload="document.documentElement.dataset.c=1"></svg>'
    "<script>document.documentElement.dataset.d=1</script>"
    # injected styles: a style element and a style attribute that would hide the page's first heading
    '<style>h1{display:none}</style><p id="inj5" style="display:none">x</p>'
)
FLAGS = ("a", "b", "c", "d")


def report_html() -> str:
    """A small report, rendered by the real template."""
    rows = [tagged_activity(f"A-{i}", "ITU-D", f"Activity {i}", ("C2",), (9,)) for i in range(5)]
    frame = pd.DataFrame(rows)
    for column in ("year", "ring", "source_row"):
        frame[column] = frame[column].astype("Int64")
    return render_report(summarize(frame, year=2025))


def unescaped(html: str, *, policy: bool = True) -> str:
    """The report with INJECTED pasted raw into its body, as if escaping had failed (and without its policy)."""
    page = html.replace('<main id="main">', '<main id="main">' + INJECTED, 1)
    assert INJECTED in page
    return page if policy else _CSP.sub("", page)


def _open(driver: Any, path: Path, html: str) -> dict[str, Any]:
    """Load `html` from `path`; the flags the injected code set, the sort buttons the report's script made."""
    path.write_text(html, encoding="utf-8")
    driver.get_log("browser")
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    ran = driver.execute_script("return Object.assign({}, document.documentElement.dataset)")
    styled = driver.execute_script(
        "return [getComputedStyle(document.querySelector('h1')).display,"
        " getComputedStyle(document.getElementById('inj5')).display,"
        " getComputedStyle(document.querySelector('.masthead')).backgroundColor]"
    )
    return {"ran": {k for k in FLAGS if k in ran}, "sort_buttons": driver.execute_script(
        "return document.querySelectorAll('button.sort').length"), "log": driver.get_log("browser"),
        "hidden": styled[0] == "none" or styled[1] == "none", "masthead": styled[2]}  # fmt: skip


def test_policy_allows_scripts_by_hash_only() -> None:
    """The policy names the report's script by its hash and has no 'unsafe-inline' for scripts."""
    policy = _CSP.search(report_html())
    assert policy is not None
    script_src = next(d for d in policy.group(1).split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert re.search(r"'sha256-[A-Za-z0-9+/]{43}='", script_src)


def test_injected_handlers_are_blocked_by_the_policy(driver: Any, tmp_path: Path) -> None:
    """Raw inline handlers and an inline script pasted into the report do not run; the report's own script does."""
    html = report_html()
    guarded = _open(driver, tmp_path / "guarded.html", unescaped(html))
    assert guarded["ran"] == set()
    assert not guarded["hidden"]  # neither the injected style element nor the style attribute applied
    assert guarded["masthead"] not in ("", "rgba(0, 0, 0, 0)")  # the report's own CSS, allowed by its hash, did
    assert guarded["sort_buttons"] > 0  # the report's own script, allowed by its hash, ran
    refusals = [e["message"] for e in guarded["log"] if "Content Security Policy" in e["message"]]
    assert refusals  # blocked by the policy, not by chance
    # the same page without the policy runs every injected piece: the check above can fail
    bare = _open(driver, tmp_path / "bare.html", unescaped(html, policy=False))
    assert bare["ran"] == set(FLAGS)
    assert bare["hidden"]
