"""The type of a JSON value as `json.dumps` writes it without help: outputs, JSON Schemas."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ["JSON"]

#: A JSON value: every output, and every JSON Schema tripcost writes, is made of these.
JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None
