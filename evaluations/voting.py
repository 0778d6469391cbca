"""The board's voting rules (DESIGN.md §5) and review timers (§7), as pure functions of plain values.

A ballot freezes its `BallotRules` when it opens; `tally` counts the votes against them and `outcome` says
whether the ballot is still open, passed, failed, extended or ended without a decision, naming the rule
that decided it.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from evaluations.pilots import allows_adopt

CHOICES = ("yes", "no", "abstain")
RULES = ("simple", "trial", "adopt")
RULE_LABELS = {
    "simple": "simple majority (yes > no)",
    "trial": "Trial rule (yes > no and at least 3 yes)",
    "adopt": "Adopt rule (yes ≥ ⌈2/3 × eligible⌉ and a passing pilot)",
}
WINDOW_DAYS = {"simple": 7, "trial": 7, "adopt": 14}
TRIAL_MIN_YES = 3
PASSING_PILOT_VERDICTS = ("PASS", "CONDITIONAL")


def two_thirds(count: int) -> int:
    """⌈2/3 × count⌉ in whole numbers (no floating point near the boundary)."""
    return fraction_of(count, (2, 3))


def fraction_of(count: int, fraction: tuple[int, int]) -> int:
    """⌈numerator/denominator × count⌉ in whole numbers."""
    numerator, denominator = fraction
    return -(-numerator * count // denominator)


def fraction_text(fraction: tuple[int, int]) -> str:
    return f"{fraction[0]}/{fraction[1]}"


@dataclass(frozen=True)
class VotingDefaults:
    """The rules a ballot freezes when it opens (DESIGN.md §5 by default); the chair edits them on
    /admin/voting, and a change applies to ballots opened after it."""

    window_days: tuple[int, int, int] = (7, 7, 14)  # simple, trial, adopt
    trial_min_yes: int = TRIAL_MIN_YES
    quorum: tuple[int, int] = (2, 3)  # of the eligible voters must vote
    adopt: tuple[int, int] = (2, 3)  # of the eligible voters must vote yes for Adopt
    tie_fails: bool = True
    early_close: bool = True

    def window_for(self, rule: str) -> int:
        return self.window_days[RULES.index(rule)]

    def to_json(self) -> dict[str, Any]:
        return {
            "window_days": list(self.window_days),
            "trial_min_yes": self.trial_min_yes,
            "quorum": list(self.quorum),
            "adopt": list(self.adopt),
            "tie_fails": self.tie_fails,
            "early_close": self.early_close,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VotingDefaults:
        default = cls()
        windows = data.get("window_days", default.window_days)
        return cls(
            window_days=(int(windows[0]), int(windows[1]), int(windows[2])),
            trial_min_yes=int(data.get("trial_min_yes", default.trial_min_yes)),
            quorum=_fraction(data.get("quorum"), default.quorum),
            adopt=_fraction(data.get("adopt"), default.adopt),
            tie_fails=bool(data.get("tie_fails", default.tie_fails)),
            early_close=bool(data.get("early_close", default.early_close)),
        )


def _fraction(value: Any, default: tuple[int, int]) -> tuple[int, int]:
    if not value:
        return default
    return int(value[0]), int(value[1])


def check_defaults(form: Mapping[str, str]) -> tuple[VotingDefaults | None, dict[str, str]]:
    """The chair's voting-defaults form (whole numbers as text) as VotingDefaults, or the field errors."""
    errors: dict[str, str] = {}

    def number(name: str, low: int, high: int) -> int:
        raw = str(form.get(name, "")).strip()
        try:
            value = int(raw)
        except ValueError:
            errors[name] = f"Enter a whole number from {low} to {high}."
            return low
        if not low <= value <= high:
            errors[name] = f"Enter a whole number from {low} to {high}."
        return value

    windows = (number("window_simple", 1, 90), number("window_trial", 1, 90), number("window_adopt", 1, 90))
    trial_min_yes = number("trial_min_yes", 1, 50)
    quorum = (number("quorum_numerator", 1, 99), number("quorum_denominator", 1, 100))
    adopt = (number("adopt_numerator", 1, 99), number("adopt_denominator", 1, 100))
    for name, (numerator, denominator) in (("quorum_numerator", quorum), ("adopt_numerator", adopt)):
        if name not in errors and numerator > denominator:
            errors[name] = "The fraction must be at most 1 (numerator ≤ denominator)."
    if str(form.get("tie", "fails")) not in ("fails", "passes"):
        errors["tie"] = "Choose whether a tie fails or passes."
    if errors:
        return None, errors
    return (
        VotingDefaults(
            window_days=windows,
            trial_min_yes=trial_min_yes,
            quorum=quorum,
            adopt=adopt,
            tie_fails=str(form.get("tie", "fails")) == "fails",
            early_close=str(form.get("early_close", "")) in ("on", "true", "1"),
        ),
        {},
    )


def rule_for_move(from_ring: tuple[str, int] | None, to_ring: tuple[str, int]) -> str:
    """Which threshold a ring move needs. Rings are (slug, position); position 0 is the innermost ring.

    Moving outwards (a demotion), keeping the ring (a review), or going to Assess or Hold needs a simple
    majority; to Trial also at least 3 yes; to Adopt two thirds of the eligible voters and a passing pilot.
    """
    slug, position = to_ring
    if from_ring is not None and position >= from_ring[1]:
        return "simple"
    if slug == "adopt":
        return "adopt"
    if slug == "trial":
        return "trial"
    return "simple"


@dataclass(frozen=True)
class BallotRules:
    """The rules frozen into a ballot when it opens."""

    members: tuple[int, ...]  # board members when the ballot opened
    rule: str = "simple"
    window_days: int = 7
    pilot_verdict: str | None = None  # PASS | CONDITIONAL | FAIL | INCONCLUSIVE, or None without a pilot
    pilot_conditions_written: bool = False  # a CONDITIONAL pilot counts only with written conditions
    early_close: bool = True
    trial_min_yes: int = TRIAL_MIN_YES
    quorum: tuple[int, int] = (2, 3)  # fraction of the eligible voters that must vote
    adopt: tuple[int, int] = (2, 3)  # fraction of the eligible voters that must vote yes for Adopt
    tie_fails: bool = True
    recused: tuple[int, ...] = ()  # members recused when it opened: the proposer, those who declared a conflict

    def to_json(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "rule": self.rule,
            "window_days": self.window_days,
            "pilot_verdict": self.pilot_verdict,
            "pilot_conditions_written": self.pilot_conditions_written,
            "early_close": self.early_close,
            "trial_min_yes": self.trial_min_yes,
            "quorum": list(self.quorum),
            "adopt": list(self.adopt),
            "tie_fails": self.tie_fails,
            "recused": list(self.recused),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BallotRules:
        return cls(
            members=tuple(int(member) for member in data.get("members", [])),
            rule=str(data.get("rule", "simple")),
            window_days=int(data.get("window_days", 7)),
            pilot_verdict=data.get("pilot_verdict"),
            pilot_conditions_written=bool(data.get("pilot_conditions_written", False)),
            early_close=bool(data.get("early_close", True)),
            trial_min_yes=int(data.get("trial_min_yes", TRIAL_MIN_YES)),
            quorum=_fraction(data.get("quorum"), (2, 3)),
            adopt=_fraction(data.get("adopt"), (2, 3)),
            tie_fails=bool(data.get("tie_fails", True)),
            recused=tuple(int(member) for member in data.get("recused", [])),
        )

    @property
    def label(self) -> str:
        """The rule in words, with this ballot's frozen fractions."""
        if self.rule == "adopt":
            return f"Adopt rule (yes ≥ ⌈{fraction_text(self.adopt)} × eligible⌉ and a passing pilot)"
        if self.rule == "trial":
            return f"Trial rule (yes > no and at least {self.trial_min_yes} yes)"
        return "simple majority (yes > no)"


def rules_for(
    members: list[int] | tuple[int, ...],
    rule: str,
    pilot_verdict: str | None = None,
    pilot_conditions_written: bool = False,
    defaults: VotingDefaults | None = None,
    recused: list[int] | tuple[int, ...] = (),
) -> BallotRules:
    """The rules frozen into a ballot under `rule`, from the voting defaults (§5: 7 days, 14 for Adopt)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    defaults = defaults or VotingDefaults()
    member_ids = tuple(sorted(set(members)))
    return BallotRules(
        members=member_ids,
        rule=rule,
        window_days=defaults.window_for(rule),
        pilot_verdict=pilot_verdict,
        pilot_conditions_written=pilot_conditions_written,
        early_close=defaults.early_close,
        trial_min_yes=defaults.trial_min_yes,
        quorum=defaults.quorum,
        adopt=defaults.adopt,
        tie_fails=defaults.tie_fails,
        recused=tuple(sorted(set(recused) & set(member_ids))),
    )


def pilot_passes(verdict: str | None, conditions_written: bool) -> bool:
    """Adopt needs a PASS pilot, or a CONDITIONAL one with written conditions (evaluations/pilots.py)."""
    return allows_adopt(verdict or "", "written" if conditions_written else "")


@dataclass(frozen=True)
class Tally:
    eligible: int  # |E|: members minus recused
    yes: int
    no: int
    abstain: int
    recused: int
    quorum: int  # ⌈2/3 × |E|⌉ votes cast
    required_yes: int  # the least number of yes that can pass, given the rule
    outstanding: int  # eligible members who have not voted yet
    eligible_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def quorum_met(self) -> bool:
        return self.cast >= self.quorum

    @property
    def turnout(self) -> float:
        return self.cast / self.eligible if self.eligible else 0.0


def eligible_voters(
    members: tuple[int, ...] | list[int], votes: Mapping[int, str], recused: tuple[int, ...] | list[int] = ()
) -> frozenset[int]:
    """E = board members minus those who recused (when the ballot opened, or since)."""
    return frozenset(member for member in members if votes.get(member) != "recused" and member not in recused)


def tally(rules: BallotRules, votes: Mapping[int, str]) -> Tally:
    """Count the members' votes (voter id -> yes/no/abstain/recused); anyone else's vote is advisory."""
    eligible = eligible_voters(rules.members, votes, rules.recused)
    counted = {voter: choice for voter, choice in votes.items() if voter in eligible}
    yes = sum(1 for choice in counted.values() if choice == "yes")
    no = sum(1 for choice in counted.values() if choice == "no")
    abstain = sum(1 for choice in counted.values() if choice == "abstain")
    size = len(eligible)
    if rules.rule == "adopt":
        required = fraction_of(size, rules.adopt)
    elif rules.rule == "trial":
        required = max(rules.trial_min_yes, no + 1)
    else:
        required = no + 1 if rules.tie_fails else max(no, 1)
    return Tally(
        eligible=size,
        yes=yes,
        no=no,
        abstain=abstain,
        recused=len(rules.members) - size,
        quorum=fraction_of(size, rules.quorum),
        required_yes=required,
        outstanding=size - len(counted),
        eligible_ids=eligible,
    )


def requirement_text(rules: BallotRules, counts: Tally) -> str:
    """The rule with its denominators, as shown on the ballot page."""
    quorum = f"quorum {counts.quorum} of {counts.eligible} eligible must vote (abstentions count)"
    if rules.rule == "adopt":
        pilot = "a PASS pilot (or CONDITIONAL with written conditions)"
        return f"needs {counts.required_yes} yes of {counts.eligible} eligible and {pilot}; {quorum}"
    majority = "more yes than no" if rules.tie_fails else "at least as many yes as no (a tie passes)"
    if rules.rule == "trial":
        return f"needs {majority} and at least {rules.trial_min_yes} yes; {quorum}"
    return f"needs {majority} among the votes cast; {quorum}"


def _passes(rules: BallotRules, yes: int, no: int, eligible: int) -> tuple[bool, str]:
    """Whether these numbers pass under the rule, and why (quorum is checked by the caller)."""
    if rules.rule == "adopt":
        needed = fraction_of(eligible, rules.adopt)
        share = fraction_text(rules.adopt)
        if not pilot_passes(rules.pilot_verdict, rules.pilot_conditions_written):
            verdict = rules.pilot_verdict or "no pilot"
            if rules.pilot_verdict == "CONDITIONAL":
                verdict = "CONDITIONAL without written conditions"
            return False, f"Adopt rule: the pilot verdict is {verdict}, and Adopt needs a passing pilot"
        if yes >= needed:
            return (
                True,
                f"Adopt rule: {yes} yes ≥ ⌈{share} × {eligible} eligible⌉ = {needed}, pilot {rules.pilot_verdict}",
            )
        return False, f"Adopt rule: {yes} yes < ⌈{share} × {eligible} eligible⌉ = {needed}"
    if yes == no and rules.tie_fails:
        return False, f"tie fails: {yes} yes, {no} no"
    if yes == no == 0:
        return False, "no yes votes"
    if yes < no:
        return False, f"majority against: {yes} yes < {no} no"
    if rules.rule == "trial" and yes < rules.trial_min_yes:
        return False, f"Trial rule: {yes} yes > {no} no, but Trial needs at least {rules.trial_min_yes} yes"
    if yes == no:
        return True, f"tie passes (as frozen in this ballot's rules): {yes} yes, {no} no"
    if rules.rule == "trial":
        return True, f"Trial rule: {yes} yes > {no} no and at least {rules.trial_min_yes} yes"
    return True, f"simple majority: {yes} yes > {no} no"


@dataclass(frozen=True)
class Outcome:
    state: str  # open | passed | failed | extended | no_decision
    rule: str  # which rule decided it, in words
    tally: Tally

    @property
    def decided(self) -> bool:
        return self.state in ("passed", "failed", "no_decision")


def outcome(
    rules: BallotRules, votes: Mapping[int, str], *, now: datetime, closes_at: datetime, extended: bool
) -> Outcome:
    """Where a ballot stands at `now`.

    Before the deadline it closes early only once the outcome cannot change: quorum is met and the result is
    the same whether every outstanding member votes yes or no. At the deadline a missing quorum extends the
    ballot once (by its window), then ends it without a decision.
    """
    counts = tally(rules, votes)
    quorum_text = f"quorum met ({counts.cast} voted, {counts.quorum} needed)"
    if now < closes_at:
        if not rules.early_close or counts.eligible == 0 or not counts.quorum_met:
            return Outcome("open", "", counts)
        # Votes already cast are taken as they stand: closing ends the chance to change them.
        if_all_no, why_no = _passes(rules, counts.yes, counts.no + counts.outstanding, counts.eligible)
        if_all_yes, why_yes = _passes(rules, counts.yes + counts.outstanding, counts.no, counts.eligible)
        standing = f"Closed early with {counts.yes} yes, {counts.no} no, {counts.abstain} abstain"
        standing += f" of {counts.eligible} eligible"
        others = f"the {counts.outstanding} outstanding voted" if counts.outstanding else "nobody else voted"
        if if_all_no:
            return Outcome("passed", f"{standing}: passes even if {others} no (then {why_no}); {quorum_text}", counts)
        if not if_all_yes:
            return Outcome("failed", f"{standing}: cannot pass even if {others} yes (then {why_yes})", counts)
        return Outcome("open", "", counts)
    if counts.eligible == 0 or not counts.quorum_met:
        missing = f"quorum missed: {counts.cast} of {counts.quorum} needed from {counts.eligible} eligible"
        if not extended:
            return Outcome("extended", f"{missing}; extended once by {rules.window_days} days", counts)
        return Outcome("no_decision", f"No decision — {missing} after the one extension", counts)
    passed, why = _passes(rules, counts.yes, counts.no, counts.eligible)
    return Outcome("passed" if passed else "failed", f"Closed at the deadline — {why}; {quorum_text}", counts)


def closes_at_for(opened_at: datetime, rules: BallotRules) -> datetime:
    return opened_at + timedelta(days=rules.window_days)


# Review timers (DESIGN.md §7) ---------------------------------------------------------------------------

DUE_SOON_DAYS = 30


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewStatus:
    due_on: date
    state: str  # ok | due (within 30 days) | overdue (past the due date)
    days: int  # days until due (negative when overdue)


def review_status(last_reviewed: date, review_after_months: int, today: date) -> ReviewStatus:
    """A blip is due for review `review_after_months` after it last moved or was last decided on."""
    due_on = add_months(last_reviewed, review_after_months)
    days = (due_on - today).days
    if days < 0:
        return ReviewStatus(due_on, "overdue", days)
    if days <= DUE_SOON_DAYS:
        return ReviewStatus(due_on, "due", days)
    return ReviewStatus(due_on, "ok", days)
