"""Every route declares who may use it; the guard enforces it for each role."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import login, make_user
from tests.factories import make_radar
from web.auth import ACCESS_LEVELS, FRAMEWORK_PUBLIC_PREFIXES, check_route_access
from web.settings import load_settings


def test_every_route_declares_an_access_level(client: TestClient[Any]) -> None:
    for route in client.app.routes:
        if route.path.startswith(FRAMEWORK_PUBLIC_PREFIXES):
            continue
        for handler in getattr(route, "route_handlers", []):
            assert handler.opt.get("access") in ACCESS_LEVELS, route.path


def test_start_up_fails_when_a_route_forgets_its_access_level() -> None:
    from litestar import Litestar, get

    @get("/forgotten")
    async def forgotten() -> str:
        return "oops"

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_route_access(Litestar(route_handlers=[forgotten]))
    assert load_settings()  # the real app is unaffected


ROLE_PAGES = [
    ("/", None),
    ("/admin/users", "chair"),
    ("/api/radar", None),
    ("/quadrants/tools", None),
    ("/radar.svg", None),
    ("/admin/import", "chair"),
    ("/api/export/byor-csv", None),
    ("/api/backstage/entries", None),
]


@pytest.mark.parametrize("role", [None, "architect", "evaluator", "board", "chair"])
@pytest.mark.parametrize(("path", "needed"), ROLE_PAGES)
def test_each_role_on_each_page(client: TestClient[Any], role: str | None, path: str, needed: str | None) -> None:
    if path.startswith("/quadrants"):
        make_radar([("Jenkins", "tools", "hold")])
    if role:
        make_user("person", [role])
        login(client, "person", "correct-horse-battery")
    response = client.get(path, follow_redirects=False)
    if needed is None or role == needed:
        assert response.status_code == 200
    elif role is None:
        assert response.status_code in (302, 303, 307)
    else:
        assert response.status_code == 403
