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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported lazily, so `itu-contrib --version` stays fast
    from .aggregate import Summary, summarize
    from .annotation import annotate
    from .defaults import Limits
    from .errors import ArgumentError, ConfigError, ItuContribError, OutputError, ReadError
    from .i18n import Language, language
    from .i18n import available as available_languages
    from .narrative import Narrative, NarrativeError, load_narrative
    from .outputs import atomic_write_text, csv_text
    from .problems import FIELDS as PROBLEM_FIELDS
    from .problems import Problem, Severity
    from .publish import ReportResult, build_report
    from .reading import LoadResult, check_output, load, load_frame
    from .reference import ActionLine, Goal, Reference, load_reference
    from .report import render_report, render_validation, write_report
    from .report_docx import render_docx
    from .rules import RULES, Config, Rule, load_config, translate
    from .spec import Spec, load_spec
    from .tagging import TagResult, tag
    from .template import write_template
    from .validation import ValidationResult, validate
    from .web import serve

    __version__: str

#: Public name -> the module defining it (imported on first use, PEP 562).
_LAZY = {
    "ActionLine": ".reference",
    "ArgumentError": ".errors",
    "Config": ".rules",
    "ConfigError": ".errors",
    "Goal": ".reference",
    "ItuContribError": ".errors",
    "Language": ".i18n",
    "Limits": ".defaults",
    "LoadResult": ".reading",
    "Narrative": ".narrative",
    "NarrativeError": ".narrative",
    "OutputError": ".errors",
    "PROBLEM_FIELDS": ".problems",
    "Problem": ".problems",
    "RULES": ".rules",
    "ReadError": ".errors",
    "Reference": ".reference",
    "ReportResult": ".publish",
    "Rule": ".rules",
    "Severity": ".problems",
    "Spec": ".spec",
    "Summary": ".aggregate",
    "TagResult": ".tagging",
    "ValidationResult": ".validation",
    "annotate": ".annotation",
    "atomic_write_text": ".outputs",
    "available_languages": ".i18n",
    "build_report": ".publish",
    "check_output": ".reading",
    "csv_text": ".outputs",
    "language": ".i18n",
    "load": ".reading",
    "load_frame": ".reading",
    "load_config": ".rules",
    "load_narrative": ".narrative",
    "load_reference": ".reference",
    "load_spec": ".spec",
    "render_docx": ".report_docx",
    "render_report": ".report",
    "render_validation": ".report",
    "serve": ".web",
    "summarize": ".aggregate",
    "tag": ".tagging",
    "translate": ".rules",
    "validate": ".validation",
    "write_report": ".report",
    "write_template": ".template",
}
#: Names whose attribute in their module differs from the public name.
_RENAMED = {"PROBLEM_FIELDS": "FIELDS", "available_languages": "available"}

__all__ = [
    "PROBLEM_FIELDS",
    "RULES",
    "ActionLine",
    "ArgumentError",
    "Config",
    "ConfigError",
    "Goal",
    "ItuContribError",
    "Language",
    "Limits",
    "LoadResult",
    "Narrative",
    "NarrativeError",
    "OutputError",
    "Problem",
    "ReadError",
    "Reference",
    "ReportResult",
    "Rule",
    "Severity",
    "Spec",
    "Summary",
    "TagResult",
    "ValidationResult",
    "__version__",
    "annotate",
    "atomic_write_text",
    "available_languages",
    "build_report",
    "check_output",
    "csv_text",
    "language",
    "load",
    "load_config",
    "load_frame",
    "load_narrative",
    "load_reference",
    "load_spec",
    "render_docx",
    "render_report",
    "render_validation",
    "serve",
    "summarize",
    "tag",
    "translate",
    "validate",
    "write_report",
    "write_template",
]


def _version() -> str:
    # looked up on first use: importlib.metadata walks every installed package, a cost every command would pay
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("itu-contrib")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = globals()[name] = _version()
        return value
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), _RENAMED.get(name, name))
        globals()[name] = value
        return value
    raise AttributeError(f"module 'itu_contrib' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API (what ``dir(itu_contrib)`` and tab completion show)."""
    return sorted({*__all__, *globals()})
