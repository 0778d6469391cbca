"""The real radar files of ../shared/data (README there), when this checkout has them; tests skip without."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    """../shared/data next to the repository (or next to the worktrees folder); skips the test when absent."""
    for candidate in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"):
        if (candidate / "aoe-techradar").is_dir():
            return candidate
    pytest.skip("../shared/data is not here")
