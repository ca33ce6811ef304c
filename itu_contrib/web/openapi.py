"""The OpenAPI description of the JSON API (served at /api/openapi.json, written to docs/web-openapi.json)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..i18n import SOURCE, available


def _lang_parameter() -> dict[str, Any]:
    """The optional ``lang`` query parameter (``itu-contrib validate --lang``): English when absent."""
    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "language of the messages, hints and meanings (codes and cells are the same in every language)",
        "schema": {"type": "string", "enum": list(available()), "default": SOURCE},
    }


def _validate_schema() -> dict[str, Any]:
    """The JSON Schema of the ``validate --format json`` document, as shipped in the package."""
    text = resources.files("itu_contrib").joinpath("schemas").joinpath("validate-output.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return schema


def _error(description: str, *, retry: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if retry:
        response["headers"] = {
            "Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "integer"}}
        }
    return response


def openapi(version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the JSON API."""
    upload = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "one or several workbooks (xlsx, xlsm, xls, ods, csv); the uploaded file "
                            "name is used only to name the file in the result",
                        },
                        "year": {
                            "type": "integer",
                            "description": "the year being reported (default: each file's most common year)",
                        },
                    },
                }
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "itu-contrib web API",
            "version": version,
            "description": "Validate activity workbooks the way `itu-contrib validate --format json` does.",
        },
        "paths": {
            "/api/validate": {
                "post": {
                    "summary": "Validate workbooks",
                    "description": "Returns exactly the document of `itu-contrib validate --format json` (files are "
                    "named as uploaded). Invalid data is a 200 with `valid: false`; nothing uploaded is kept.",
                    "parameters": [_lang_parameter()],
                    "requestBody": upload,
                    "responses": {
                        "200": {
                            "description": "the validation document",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Validation"}}},
                        },
                        "400": _error("no file, a bad year, an unknown language or a malformed form"),
                        "413": _error("the upload is over the size limit, or has too many files"),
                        "422": _error("no file could be read; `reasons` has the CLI's one-line reason per file"),
                        "500": _error("the checker stopped on the file"),
                        "503": _error("every checker is busy and the waiting line is full", retry=True),
                        "504": _error("the check ran past the time limit"),
                    },
                }
            },
            "/api/rules": {
                "get": {
                    "summary": "The rule catalogue",
                    "description": "The same list as `itu-contrib rules --format json [--lang]`.",
                    "parameters": [_lang_parameter()],
                    "responses": {
                        "200": {
                            "description": "every rule",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}
                                }
                            },
                        }
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness and pool load",
                    "description": "Answered by the event loop even when every checker is busy.",
                    "responses": {
                        "200": {
                            "description": "the server is up",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Validation": _validate_schema(),
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "reasons": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Rule": {
                    "type": "object",
                    "required": ["code", "severity", "stage", "meaning", "example"],
                    "properties": {
                        "code": {"type": "string"},
                        "severity": {"enum": ["error", "warning"]},
                        "stage": {"type": "string"},
                        "meaning": {"type": "string"},
                        "example": {"type": "string"},
                    },
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "pool"],
                    "properties": {
                        "status": {"const": "ok"},
                        "version": {"type": "string"},
                        "pool": {
                            "type": "object",
                            "properties": {
                                "workers": {"type": "integer"},
                                "running": {"type": "integer"},
                                "waiting": {"type": "integer"},
                                "capacity": {"type": "integer"},
                            },
                        },
                    },
                },
            }
        },
    }


__all__ = ["openapi"]
