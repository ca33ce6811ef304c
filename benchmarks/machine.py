"""What the benchmark scripts say about the machine they ran on (a sibling module, imported by each script)."""

from __future__ import annotations

from pathlib import Path


def cpu_model(unknown: str = "?") -> str:
    """The CPU's model name from /proc/cpuinfo (``unknown`` where there is none, as on macOS)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return unknown
