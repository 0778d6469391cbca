"""HTML form helpers: read a submitted form as plain strings, and keep `next` targets on this site."""

from __future__ import annotations

from typing import Any

from litestar import Request


async def read_form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """Every field as a stripped string, or a list of strings for fields sent more than once."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        if key == "_csrf_token":
            continue
        values = [str(value) for value in form.getall(key)]
        data[key] = values if len(values) > 1 else values[0].strip()
    return data


def as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def safe_next(target: str | None) -> str:
    """Only same-site paths: never `//host` or `https://host`, so login cannot redirect off the site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
