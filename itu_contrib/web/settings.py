"""The web app's settings: limits, pool size and time limits, one value passed to ``create_app``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from itu_contrib import defaults

#: Environment variables read by :meth:`Settings.from_env` (for ``uvicorn itu_contrib.web:app``).
ENV_PREFIX = "ITU_CONTRIB_WEB_"


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Limits of the web app. Defaults follow the CLI's limits (``itu_contrib.defaults``).

    ``max_file_bytes`` is the CLI's largest input file; ``max_request_bytes`` bounds one upload as a whole;
    ``workers`` validation processes run at once and ``queue`` more requests may wait for one, the rest get 503;
    a job running longer than ``job_timeout`` seconds is stopped; each checker process may use ``worker_memory_mb``
    of address space (0: no cap; the fuzz tests run the CLI under the same 2 GB); downloads live ``download_ttl``
    seconds.
    """

    max_file_bytes: int = defaults.MAX_FILE_BYTES
    max_request_bytes: int = defaults.MAX_FILE_BYTES
    max_files: int = 20
    workers: int = 0  # 0: one per core, at most four
    queue: int = 16
    job_timeout: float = 120.0
    worker_memory_mb: int = 2048
    download_ttl: float = 600.0
    retry_after: int = 10

    def __post_init__(self) -> None:
        if self.workers <= 0:
            object.__setattr__(self, "workers", _default_workers())
        for f in fields(self):
            value = getattr(self, f.name)
            if (value <= 0 and f.name not in ("queue", "worker_memory_mb")) or value < 0:
                raise ValueError(f"{f.name} must be positive, not {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: float | None) -> Settings:
        """Settings from ``ITU_CONTRIB_WEB_<NAME>`` variables (e.g. ``ITU_CONTRIB_WEB_WORKERS=4``), then overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, float] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            try:
                values[f.name] = float(raw) if f.type == "float" else int(raw)
            except ValueError as exc:
                raise ValueError(f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a number") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]


__all__ = ["ENV_PREFIX", "Settings"]
