"""The chair imports a radar file in a browser: upload, read the dry run, apply the valid rows; screenshots at
1440 and 390 px, with no sideways scroll."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import running_server, screenshot, sign_in

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, Any]]:
    """A server of its own: the import moves demo blips (Kotlin to Adopt), which the other browser tests rely on."""
    with running_server() as running:
        yield running


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1440, 390])
def test_chair_uploads_reads_the_dry_run_and_applies_valid_rows(
    server: dict[str, Any], browser: Any, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, server, "chair")
        page.goto(server["base"] + "/admin/import")
        assert no_sideways_scroll(page)
        screenshot(page, f"import-form-{width}")
        page.set_input_files("#f-file", str(FIXTURES / "byor.csv"))
        page.click("button:has-text('Upload and check')")
        page.wait_for_url("**/admin/import/*")
        assert page.locator("tr.import-reject").count() == 2  # unknown ring, unknown quadrant
        assert "the name is missing" in page.content()
        assert no_sideways_scroll(page)
        screenshot(page, f"import-dry-run-{width}")
        if width == 390:
            return  # the same data: apply once
        page.click("button:has-text('Apply the valid rows only')")
        page.wait_for_url("**/admin/import")
        assert "Imported." in page.content()
        page.goto(server["base"] + "/blips/event-storming")
        assert "imported from BYOR CSV byor.csv" in page.content()
    finally:
        context.close()
