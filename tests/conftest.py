"""Shared fixtures: small real input files built per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import HEADER, activity, chrome_driver, write_xlsx


@pytest.fixture
def good_xlsx(tmp_path: Path) -> Path:
    """A valid one-sheet submission with three activities under a title row."""
    rows = [["ITU-D contribution to WSIS 2025"], [], HEADER, activity(1), activity(2), activity(3)]
    return write_xlsx(tmp_path / "ITU-D 2025.xlsx", {"Activities": rows})


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    """A headless Chromium driven by selenium (scrollbars hidden), or a skip saying what is missing."""
    browser = chrome_driver(extra=["--hide-scrollbars"])
    try:
        yield browser
    finally:
        browser.quit()
