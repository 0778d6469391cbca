"""Mail through a real local SMTP server (aiosmtpd) started by the test, sent by the web app's own deliverer:
each person gets the mail their role needs, with a link to the page and to their work queue."""

from __future__ import annotations

import dataclasses
import email
import socket
import time
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from litestar.testing import TestClient

from evaluations import ballots, outbox, workflow
from evaluations.mailer import SmtpUrlError, parse_smtp_url
from radar.tables import Blip, User
from tests import board_factories as bf
from web.app import create_app
from web.settings import SettingsError, load_settings


class Inbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted"

    def to(self, address: str) -> list[str]:
        return [str(mail["Subject"]) for recipients, mail in self.mails if address in recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def with_email(username: str, roles: list[str]) -> int:
    user_id = bf.user(username, roles)
    bf.run(User.update({User.email: f"{username}@example.com"}).where(User.id == user_id).run())
    return user_id


def test_smtp_urls() -> None:
    plain = parse_smtp_url("smtp://mail.internal")
    assert (plain.host, plain.port, plain.starttls, plain.username) == ("mail.internal", 25, False, "")
    full = parse_smtp_url("smtp://radar%40corp:p%40ss@mail.corp:587?starttls=1")
    assert (full.host, full.port, full.username, full.password, full.starttls) == (
        "mail.corp",
        587,
        "radar@corp",
        "p@ss",
        True,
    )
    assert "p@ss" not in repr(full)
    assert parse_smtp_url("smtps://mail.corp").port == 465
    for bad in ("http://mail", "smtp://", "smtp://host:port"):
        with pytest.raises(SmtpUrlError):
            parse_smtp_url(bad)


def test_a_bad_smtp_url_stops_start_up_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_URL", "mail.example.com")
    with pytest.raises(SettingsError, match="SMTP_URL"):
        load_settings()


def test_people_get_the_mail_their_role_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        bf.radar()
        architect = with_email("ada", ["architect"])
        chair = with_email("carla", ["chair"])
        evaluator = with_email("eve", ["evaluator"])
        members = [with_email(f"member{index}", ["board"]) for index in (1, 2, 3)]
        bf.user("nomail", ["board"])  # no address: nothing to send, nothing queued
        bf.run(User.update({User.display_name: "Ada Lovelace"}).where(User.id == architect).run())
        bf.run(Blip.update({Blip.owner: "Ada Lovelace"}).where(Blip.slug == "rust").run())

        number = bf.run(
            workflow.create_proposal(
                workflow.ProposalInput(
                    technology_name="Zig",
                    quadrant="languages",
                    target_ring="assess",
                    summary="A small systems language",
                    context="Context",
                    options="Status quo: C",
                    exit_considerations="Rewrite",
                    confirm_new=True,
                ),
                architect,
                submit=True,
            )
        )
        bf.run(workflow.accept_proposal(number, [evaluator], chair))
        ballot_id = bf.run(ballots.open_ballot(bf.proposal(blip_slug="kafka", proposer=architect), chair))
        bf.run(
            outbox.announce("review.due", {"blip": "rust", "name": "Rust", "ring": "Assess", "due_on": "2026-12-01"})
        )

        settings = dataclasses.replace(
            load_settings(),
            smtp_url=f"smtp://127.0.0.1:{port}",
            delivery_interval=1,
            public_url="https://radar.example",
            mail_from="Radar <radar@example.com>",
        )
        expected = 7  # evaluator assigned; proposer: evaluating, voting, review due; three board members
        with TestClient(app=create_app(settings)):  # the app's own deliverer sends them
            deadline = time.monotonic() + 30
            while len(inbox.mails) < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.5)  # and nothing more arrives
    finally:
        server.stop()

    assert inbox.to("eve@example.com") == ["[Radar] You are asked to evaluate P-0001 Zig"]
    assert sorted(inbox.to("ada@example.com")) == [
        "[Radar] P-0001 Zig is now Evaluating",
        "[Radar] P-0002 Kafka is now Voting",
        "[Radar] Rust in Assess is due for review (due 2026-12-01)",
    ]
    for index in (1, 2, 3):
        subjects = inbox.to(f"member{index}@example.com")
        assert len(subjects) == 1 and subjects[0].startswith("[Radar] Ballot opened: Move Kafka from Trial to Adopt")
    assert inbox.to("carla@example.com") == []  # the chair made the changes; nothing is theirs to do
    assert len(inbox.mails) == expected
    ballot_mail = next(mail for recipients, mail in inbox.mails if "member1@example.com" in recipients)
    body = ballot_mail.get_payload(decode=True).decode()
    assert f"https://radar.example/ballots/{ballot_id}" in body
    assert "https://radar.example/work" in body
    assert "eligible to vote" in body
    assert ballot_mail["From"] == "Radar <radar@example.com>"
    assert members
