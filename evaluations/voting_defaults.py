"""The voting defaults a ballot freezes when it opens. The chair edits them (/admin/voting); every save is a new
row, so the history of the rules is kept and a change applies only to ballots opened after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from evaluations.tables import VotingDefaults as VotingDefaultsRow
from evaluations.voting import VotingDefaults, check_defaults
from radar import audit
from radar.database import transaction
from radar.errors import ValidationFailed
from radar.limits import NOTE_MAX, too_long


@dataclass(frozen=True)
class DefaultsChange:
    defaults: VotingDefaults
    changed_at: datetime
    changed_by: str
    note: str


async def current_defaults() -> VotingDefaults:
    """The latest saved defaults, or DESIGN.md §5's when the chair never changed them."""
    row = (
        await VotingDefaultsRow.select(VotingDefaultsRow.rules)
        .order_by(VotingDefaultsRow.id, ascending=False)
        .first()
        .output(load_json=True)
        .run()
    )
    return VotingDefaults.from_json(row["rules"]) if row else VotingDefaults()


async def changes(limit: int = 10) -> list[DefaultsChange]:
    """The latest changes, newest first."""
    rows = (
        await VotingDefaultsRow.select(
            VotingDefaultsRow.rules,
            VotingDefaultsRow.changed_at,
            VotingDefaultsRow.note,
            VotingDefaultsRow.changed_by.display_name.as_alias("by"),
        )
        .order_by(VotingDefaultsRow.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
        .run()
    )
    return [
        DefaultsChange(VotingDefaults.from_json(row["rules"]), row["changed_at"], row["by"] or "", row["note"])
        for row in rows
    ]


def as_form(defaults: VotingDefaults) -> dict[str, Any]:
    """The defaults as the admin form's values."""
    return {
        "window_simple": defaults.window_days[0],
        "window_trial": defaults.window_days[1],
        "window_adopt": defaults.window_days[2],
        "trial_min_yes": defaults.trial_min_yes,
        "quorum_numerator": defaults.quorum[0],
        "quorum_denominator": defaults.quorum[1],
        "adopt_numerator": defaults.adopt[0],
        "adopt_denominator": defaults.adopt[1],
        "tie": "fails" if defaults.tie_fails else "passes",
        "early_close": "on" if defaults.early_close else "",
        "note": "",
    }


async def save_defaults(form: dict[str, str], actor_id: int | None) -> VotingDefaults:
    """Check and save the chair's form; raises ValidationFailed with each field's error."""
    defaults, errors = check_defaults(form)
    note = str(form.get("note", "")).strip()
    errors.update(too_long({"note": note}, {"note": NOTE_MAX}))
    if not note:
        errors["note"] = "Say what changed and why (it is recorded)."
    if errors or defaults is None:
        raise ValidationFailed(errors)
    async with transaction(VotingDefaultsRow._meta.db):
        await VotingDefaultsRow.insert(
            VotingDefaultsRow(rules=defaults.to_json(), changed_at=audit.now(), changed_by=actor_id, note=note)
        ).run()
        await audit.record("voting.defaults", "voting", "defaults", actor_id, {**defaults.to_json(), "note": note})
    return defaults
