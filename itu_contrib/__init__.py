"""itu_contrib: validate, tag and report ITU's contributions to the WSIS Action Lines and the SDGs.

The library is the product; the ``itu-contrib`` command is a thin wrapper around it.

A folder of workbooks to tagged activities and an HTML report in four lines:

>>> import itu_contrib as ic
>>> result = ic.validate("inputs/2025", year=2025)  # the sample inputs of the repository
>>> tags = ic.tag(result)
>>> html = ic.render_report(ic.summarize(tags))
>>> result.valid, len(tags.activities), html.startswith("<!DOCTYPE html>")
(True, 55, True)
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported lazily, so `itu-contrib --version` stays fast
    from .aggregate import Summary, summarize
    from .errors import ConfigError, ItuContribError, OutputError, ReadError
    from .narrative import Narrative, NarrativeError, load_narrative
    from .problems import Problem, Severity
    from .publish import ReportResult, build_report
    from .reading import LoadResult, load
    from .reference import ActionLine, Goal, Reference, load_reference
    from .report import render_report
    from .report_docx import render_docx
    from .spec import Spec, load_spec
    from .tagging import TagResult, tag
    from .validation import ValidationResult, validate

try:
    __version__ = version("itu-contrib")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_LAZY = {
    "ActionLine": ".reference",
    "ConfigError": ".errors",
    "Goal": ".reference",
    "ItuContribError": ".errors",
    "LoadResult": ".reading",
    "Narrative": ".narrative",
    "NarrativeError": ".narrative",
    "OutputError": ".errors",
    "Problem": ".problems",
    "ReadError": ".errors",
    "Reference": ".reference",
    "ReportResult": ".publish",
    "Severity": ".problems",
    "Spec": ".spec",
    "Summary": ".aggregate",
    "TagResult": ".tagging",
    "ValidationResult": ".validation",
    "build_report": ".publish",
    "load": ".reading",
    "load_narrative": ".narrative",
    "load_reference": ".reference",
    "load_spec": ".spec",
    "render_docx": ".report_docx",
    "render_report": ".report",
    "summarize": ".aggregate",
    "tag": ".tagging",
    "validate": ".validation",
}

__all__ = [
    "ActionLine",
    "ConfigError",
    "Goal",
    "ItuContribError",
    "LoadResult",
    "Narrative",
    "NarrativeError",
    "OutputError",
    "Problem",
    "ReadError",
    "Reference",
    "ReportResult",
    "Severity",
    "Spec",
    "Summary",
    "TagResult",
    "ValidationResult",
    "__version__",
    "build_report",
    "load",
    "load_narrative",
    "load_reference",
    "load_spec",
    "render_docx",
    "render_report",
    "summarize",
    "tag",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'itu_contrib' has no attribute {name!r}")
