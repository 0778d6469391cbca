"""Decision records keep the shape of what people typed, and say why in the frozen rules' words (pure)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from evaluations.decisions import RecordView, adr_tools_markdown, decision_reason, madr_markdown
from evaluations.scoring import format_score
from radar.markdown import lines_as_items, render_items, render_markdown

OPTIONS = "1. Keep Selenium (status quo)\n2. Playwright in Trial for the web squads\n- Cypress\n\n"


def _record(**body: Any) -> RecordView:
    base: dict[str, Any] = {
        "title": "Move Playwright from Assess to Trial",
        "outcome": "passed",
        "rule_name": "Trial rule (yes > no and at least 3 yes)",
        "requirement": "needs more yes than no and at least 3 yes; quorum 3 of 4 eligible must vote",
        "rule": "Closed early with 3 yes, 1 no, 0 abstain of 4 eligible: passes even if nobody else voted no",
        "tally": {"yes": 3, "no": 1, "abstain": 0, "recused": 0, "eligible": 4, "quorum": 3, "cast": 4},
        "options": OPTIONS,
        "considered_options": ["Move Playwright from Assess to Trial", "Keep it in Assess"],
        "context": "Line one\nline two",
        "pilot": {"verdict": None, "metrics": []},
    }
    base.update(body)
    return RecordView(7, base["title"], "accepted", date(2026, 11, 1), base, None, None, "playwright", "Playwright", 3)


def test_options_keep_their_lines_in_both_adr_formats() -> None:
    assert lines_as_items(OPTIONS) == [
        "Keep Selenium (status quo)",
        "Playwright in Trial for the web squads",
        "Cypress",
    ]
    for text in (madr_markdown(_record()), adr_tools_markdown(_record())):
        assert "* Keep Selenium (status quo)\n* Playwright in Trial for the web squads\n* Cypress" in text


def test_options_render_as_a_list_and_long_text_keeps_line_breaks() -> None:
    html = render_items(OPTIONS)
    assert html.count("<li>") == 3
    assert "<br" in render_markdown("Line one\nline two")
    assert "<script" not in render_items("- <script>alert(1)</script>")


def test_reason_names_the_rule_and_the_counts_not_a_hypothetical() -> None:
    reason = decision_reason(_record().body)
    assert reason.startswith("it meets the Trial rule (yes > no and at least 3 yes): 3 yes, 1 no, 0 abstain")
    assert "4 eligible, 4 voted (quorum 3)" in reason
    assert "even if nobody else" not in reason
    early = decision_reason(_record(tally={**_record().body["tally"], "cast": 3, "no": 0}).body)
    assert "Closed early: the 1 who had not voted could no longer change the outcome" in early
    failed = decision_reason(
        _record(outcome="failed", rule_name="Adopt rule (yes ≥ ⌈2/3 × eligible⌉ and a passing pilot)",
                pilot={"verdict": "INCONCLUSIVE"}).body
    )  # fmt: skip
    assert "does not meet the Adopt rule" in failed
    assert "the pilot verdict is INCONCLUSIVE, and Adopt needs a passing pilot" in failed


def test_scores_have_one_decimal_everywhere() -> None:
    assert format_score(62.5) == "62.5"
    assert format_score(62.0) == "62.0"
    assert format_score(3.456) == "3.5"
    assert format_score(None) == "–"


def test_decisions_filter_takes_a_blip_name_with_suggestions(client: Any, seeded: Any) -> None:
    from seed.loader import demo_password
    from tests.conftest import login
    from web.settings import load_settings

    login(client, "board", demo_password(load_settings().secret_key, "board"))
    page = client.get("/decisions")
    assert '<datalist id="blip-names">' in page.text
    names = re.findall(r'<option value="([^"]+)"></option>', page.text.split('id="blip-names"')[1])
    assert names
    by_name = client.get("/decisions", params={"blip": names[0].upper()}).text
    assert "No decision record matches" not in by_name
