"""The default limits are the documented ones."""

from __future__ import annotations

import re
from pathlib import Path

from itu_contrib.defaults import Limits


def test_default_max_rows_is_the_documented_200000() -> None:
    """A sheet is read up to 200,000 rows by default, as the README's configuration example says."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"^max_rows = ([\d_]+)", readme, re.MULTILINE)
    assert documented is not None
    assert Limits().max_rows == int(documented.group(1)) == 200_000
