"""HTML form helpers: read a submitted form as plain strings, and keep `next` targets on this site."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from litestar import Request
from litestar.exceptions import ClientException

# Fields that a form may send more than once (checkbox groups); every other field is one value.
MULTI_VALUE_FIELDS = frozenset({"roles", "evaluators"})


class DuplicatedFields(ClientException):
    """400: a single-value field came more than once. `form` keeps the first value of each, `errors` names them."""

    def __init__(self, form: dict[str, Any], errors: dict[str, str]) -> None:
        super().__init__(detail="Each of these fields may be sent once: " + ", ".join(sorted(errors)), extra=errors)
        self.form = form
        self.errors = errors


async def read_form(request: Request[Any, Any, Any], multi: Collection[str] = MULTI_VALUE_FIELDS) -> dict[str, Any]:
    """Every field as a stripped string; fields named in `multi` as a list when sent more than once.

    A field not in `multi` that is sent twice is refused (DuplicatedFields), never stored as a list: a form that
    expects text must get text.
    """
    form = await request.form()
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in form:
        if key == "_csrf_token":
            continue
        values = [str(value) for value in form.getall(key)]
        if len(values) > 1 and key in multi:
            data[key] = values
            continue
        if len(values) > 1:
            errors[key] = "This field was sent more than once; send it once."
        data[key] = values[0].strip()
    if errors:
        raise DuplicatedFields(data, errors)
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
