"""Security headers on every response, errors included; HSTS in production; the API docs served from this server
under the CSP; compose seeds the demo accounts only when asked."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from litestar.testing import TestClient

from tests.conftest import csrf_token, make_user
from tests.web.test_security_throttle import attempt
from web.app import create_app
from web.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


def _has_security_headers(response: Any) -> None:
    for name in REQUIRED:
        assert name in response.headers, (response.status_code, name)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_every_kind_of_response_carries_the_security_headers(client: TestClient[Any]) -> None:
    make_user("ada", ["architect"])
    responses = {
        "200": client.get("/"),
        "404 unknown path": client.get("/no/such/page"),
        "404 api": client.get("/api/no/such/thing"),
        "405": client.post("/healthz"),
        "405 api": client.delete("/api/radar"),
        "403 csrf": client.post("/logout", data={}),
        "static": client.get("/static/app.css"),
        "413": client.post(
            "/login",
            content=b"username=" + b"x" * 2_000_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        "400": client.post(
            "/login",
            content=b"username=%FF&_csrf_token=" + csrf_token(client, "/login").encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        "429": None,
    }
    for _ in range(6):
        responses["429"] = attempt(client, "ada", "wrong-password-here", "testclient")
    expected = {"404 unknown path": 404, "404 api": 404, "405": 405, "405 api": 405, "413": 413, "400": 400}
    for name, response in responses.items():
        assert response is not None
        if name in expected:
            assert response.status_code == expected[name], name
        _has_security_headers(response)
    assert responses["429"] is not None and responses["429"].status_code == 429
    assert "strict-transport-security" not in responses["200"].headers  # not outside production


def test_a_server_error_carries_the_security_headers(client: TestClient[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from web.controllers import api

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "load_radar", broken)
    response = client.get("/api/radar")
    assert response.status_code == 500
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "The server could not finish this request.",
    }
    _has_security_headers(response)


def test_production_adds_hsts() -> None:
    settings = dataclasses.replace(load_settings(), environment="production")
    with TestClient(app=create_app(settings)) as production:
        for response in (production.get("/healthz"), production.get("/nothing-here")):
            assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
            _has_security_headers(response)


def test_the_api_docs_come_from_this_server(client: TestClient[Any]) -> None:
    page = client.get("/schema/swagger")
    assert page.status_code == 200
    _has_security_headers(page)
    assert "cdn" not in page.text.lower()
    assert "<script>" not in page.text  # no inline script: the CSP would block it
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any("swagger-ui-bundle.js" in url for url in assets)
    assert any("swagger-ui.css" in url for url in assets)
    for url in assets:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
    root = re.search(r'data-openapi-url="([^"]+)"', page.text)
    assert root
    assert client.get(root.group(1)).json()["info"]["title"] == "Radar API"


def test_vendored_swagger_ui_matches_its_checksums() -> None:
    folder = ROOT / "web" / "static" / "swagger-ui"
    lines = (folder / "SHA256SUMS").read_text().split("\n")
    sums = dict(reversed(line.split()) for line in lines if line.strip())
    assert set(sums) == {"swagger-ui-bundle.js", "swagger-ui.css"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (folder / "LICENSE").read_text()


@pytest.mark.parametrize(
    ("seed_demo", "expected"), [(None, ["migrate"]), ("0", ["migrate"]), ("1", ["migrate", "seed"])]
)
def test_compose_seeds_demo_accounts_only_when_asked(
    tmp_path: Path, seed_demo: str | None, expected: list[str]
) -> None:
    """Run the migrate service's command as compose would (`$$` is compose's escape for `$`), with a stub radar."""
    command = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["migrate"]["command"]
    assert command[:2] == ["sh", "-c"]
    script = command[2].replace("$$", "$")
    stub = tmp_path / "radar"
    log = tmp_path / "calls"
    stub.write_text(f'#!/bin/sh\necho "$1" >> {log}\n')
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    environment = {"PATH": f"{tmp_path}:/usr/bin:/bin"}
    if seed_demo is not None:
        environment["SEED_DEMO"] = seed_demo
    subprocess.run(["sh", "-c", script], env=environment, check=True)
    assert log.read_text().split() == expected
    assert os.path.exists(stub)


def test_the_openapi_document_describes_errors_as_problem_details(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    described = [
        operation["responses"]["400"]["content"]["application/json"]["schema"]
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "400" in operation.get("responses", {})
    ]
    assert described
    for body in described:
        assert body["required"] == ["type", "title", "status", "detail"]


def test_the_openapi_document_declares_the_api_token_on_every_operation(client: TestClient[Any]) -> None:
    schema = client.get("/schema/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    [(name, scheme)] = schemes.items()
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    security = {
        (method.upper(), path): operation.get("security")
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
    }
    assert all(path.startswith("/api/") for _, path in security)
    for operation, requirements in security.items():
        assert requirements and {name: []} in requirements, f"{operation} does not declare the token"
    # Public reads are answered without a token too (`{}`); the rest need one (or the browser's session).
    assert security[("GET", "/api/radar")] == [{}, {name: []}]
    assert security[("GET", "/api/proposals")] == [{name: []}]
    assert security[("POST", "/api/editions")] == [{name: []}]
