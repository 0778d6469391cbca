"""compose.yaml cannot be run here (no Docker engine): check its services, ordering and environment by reading."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return compose


def test_compose_services_and_start_order() -> None:
    services = _compose()["services"]
    assert set(services) == {"postgres", "migrate", "web"}
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    command = " ".join(services["migrate"]["command"])
    assert command.startswith("sh -c radar migrate && ")
    # The demo radar and its accounts (the chair's included) only when asked: never by default in production.
    assert 'if [ "$$SEED_DEMO" = 1 ]; then radar seed; fi' in command
    assert services["migrate"]["environment"]["SEED_DEMO"] == "${SEED_DEMO:-0}"
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["web"]["ports"] == ["8000:8000"]


def test_compose_environment_points_at_the_postgres_service() -> None:
    services = _compose()["services"]
    for name in ("migrate", "web"):
        environment = services[name]["environment"]
        assert re.fullmatch(
            r"postgresql://radar:\$\{POSTGRES_PASSWORD:-radar\}@postgres:5432/radar", environment["DATABASE_URL"]
        )
        assert environment["RADAR_ENV"] == "production"
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required, never a default in the repo
    assert _compose()["services"]["postgres"]["environment"]["POSTGRES_DB"] == "radar"


def test_dockerfile_installs_every_package_the_image_needs() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("radar", "evaluations", "web", "seed"):
        assert f"COPY {package} ./{package}" in dockerfile
    assert "USER radar" in dockerfile


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme


def test_partial_plotly_bundle_matches_its_checksum_and_the_plotly_version() -> None:
    import hashlib

    from web.assets import PARTIAL_BUNDLE_NAME, PLOTLY_JS_VERSION

    vendor = ROOT / "web" / "static" / "vendor"
    digest, name = (vendor / "plotly-radar.sha256").read_text().split()
    assert name == PARTIAL_BUNDLE_NAME == f"plotly-radar-{PLOTLY_JS_VERSION}.min.js"
    assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest
    lock = (ROOT / "web" / "plotly_bundle" / "package-lock.json").read_text()
    assert f'"node_modules/plotly.js": {{\n      "version": "{PLOTLY_JS_VERSION}"' in lock


def test_templates_link_static_files_through_versioned_urls() -> None:
    """Static files are cached for a year, so every link must carry the content hash (static_url)."""
    for template in (ROOT / "web" / "templates").rglob("*.html"):
        text = template.read_text()
        assert 'src="/static/' not in text, template
        assert 'href="/static/' not in text, template
