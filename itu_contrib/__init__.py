"""itu_contrib: validate, tag and report ITU's contributions to the WSIS Action Lines and the SDGs.

The library is the product; the ``itu-contrib`` command is a thin wrapper around it.

>>> import itu_contrib
>>> sorted(itu_contrib.__all__)[:3]
['ActionLine', 'Goal', 'ItuContribError']
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported lazily, so `itu-contrib --version` stays fast
    from .errors import ItuContribError
    from .problems import Problem, Severity
    from .reference import ActionLine, Goal, Reference, load_reference
    from .spec import Spec, load_spec

try:
    __version__ = version("itu-contrib")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_LAZY = {
    "ActionLine": ".reference",
    "Goal": ".reference",
    "ItuContribError": ".errors",
    "Problem": ".problems",
    "Reference": ".reference",
    "Severity": ".problems",
    "Spec": ".spec",
    "load_reference": ".reference",
    "load_spec": ".spec",
}

__all__ = [
    "ActionLine",
    "Goal",
    "ItuContribError",
    "Problem",
    "Reference",
    "Severity",
    "Spec",
    "__version__",
    "load_reference",
    "load_spec",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'itu_contrib' has no attribute {name!r}")
