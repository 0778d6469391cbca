"""Scorecard drafts: saved unfinished, invisible to everyone else, counted nowhere, submitted explicitly."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar.testing import TestClient

from evaluations.tables import Evaluation
from tests.web.test_proposal_pages import _as, _evaluating, _post, _score_form


def test_a_draft_is_private_until_submitted(client: TestClient[Any]) -> None:
    _evaluating(client)
    _as(client, "evan")
    partial = {"gate_licence": "pass", "score_cost": "4", "confidence_cost": "medium", "rationale_cost": "Cheaper"}
    saved = _post(client, "/proposals/1/evaluate", {**partial, "action": "draft"})
    assert saved.status_code == 303  # an incomplete draft is not checked
    page = client.get("/proposals/1/evaluate")
    assert 'id="draft-note"' in page.text
    assert ">Cheaper</textarea>" in page.text
    assert 'value="4" checked' in page.text
    assert 'value="medium" selected' in page.text
    assert client.get("/api/proposals/1").json()["state"] == "evaluating"
    assert "0 of 2 scorecards submitted" in client.get("/proposals/1").text  # a draft counts nowhere
    _as(client, "chris")
    assert client.get("/api/proposals/1/evaluations").json() == []
    assert "Cheaper" not in client.get("/proposals/1").text
    _as(client, "evan")
    incomplete = _post(client, "/proposals/1/evaluate", {**partial, "action": "submit"})
    assert incomplete.status_code == 400  # submitting checks everything
    assert _post(client, "/proposals/1/evaluate", {**_score_form(3), "action": "submit"}).status_code == 303
    rows = asyncio.run(Evaluation.select(Evaluation.submitted_at).run())
    assert len(rows) == 1  # the draft became the scorecard
    assert rows[0]["submitted_at"] is not None
    again = _post(client, "/proposals/1/evaluate", {**_score_form(4), "action": "draft"}, "/proposals/1")
    assert again.status_code == 403  # a submitted scorecard is final
