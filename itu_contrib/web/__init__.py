"""The web app for focal points and the editor: check a workbook, get the template, build the report.

Serve it with ``itu-contrib serve`` (localhost, port 8000) or, for a team behind a reverse proxy,
``uvicorn itu_contrib.web:app --host 127.0.0.1 --port 8000 --no-access-log`` with the limits in
``ITU_CONTRIB_WEB_*`` environment variables (see :class:`~itu_contrib.web.settings.Settings` and docs/web.md).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from .server import create_app
    from .settings import Settings

__all__ = ["Settings", "app", "create_app", "serve"]


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int | None = None,
    max_upload_mb: int | None = None,
) -> None:
    """Serve the web app with uvicorn until interrupted (``itu-contrib serve``); localhost only by default.

    The limits come from the ``ITU_CONTRIB_WEB_*`` environment variables, then from ``workers`` (checker processes)
    and ``max_upload_mb``. Raises :class:`~itu_contrib.errors.ConfigError` when the ``web`` extra is not installed
    or a setting is invalid. Uvicorn's access log is off: request lines carry download tokens; the app logs file
    names, sizes, durations and outcomes to the ``itu_contrib.web`` logger.
    """
    import itu_contrib as ic

    try:
        import uvicorn

        from .server import create_app
        from .settings import Settings
    except ImportError as exc:
        raise ic.ConfigError(
            f"the web app needs its extra: pip install 'itu-contrib[web]' ({exc.name} is missing)"
        ) from exc
    upload = max_upload_mb * 1024 * 1024 if max_upload_mb else None
    try:
        settings = Settings.from_env(workers=workers, max_request_bytes=upload)
    except ValueError as exc:
        raise ic.ConfigError(str(exc)) from exc
    logging.getLogger("itu_contrib.web").info(
        "serving on http://%s:%s/ with %d checker processes", host, port, settings.workers
    )
    uvicorn.run(create_app(settings), host=host, port=port, access_log=False, log_level="warning")


def __getattr__(name: str) -> Any:
    # Lazy, so `itu-contrib serve --help` and the settings need no Starlette import.
    if name == "create_app":
        from .server import create_app

        return create_app
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "app":
        from .server import create_app

        application: Starlette = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module 'itu_contrib.web' has no attribute {name!r}")
