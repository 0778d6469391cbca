"""Tables of the radar app: the published radar's domain, people and the audit trail."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Array,
    Boolean,
    Bytea,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

ROLES = ("architect", "evaluator", "board", "chair")
MOVEMENTS = ("new", "moved_in", "moved_out", "no_change")


class User(Table, tablename="radar_user"):
    """A person who signs in. Anonymous visitors are viewers and have no row."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True, index=True)
    display_name = Varchar(length=120)
    email = Varchar(length=254, default="")
    password_hash = Varchar(length=255)
    active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)
    session_version = Integer(default=0)  # in every session cookie; raising it ends every session of the user


class RoleMembership(Table):
    """One role held by one user; roles are additive."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=32)
    granted_at = Timestamptz()
    granted_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class Quadrant(Table):
    id = Serial(primary_key=True)
    slug = Varchar(length=64, unique=True)
    name = Varchar(length=80)
    description = Text(default="")
    position = Integer(default=0)  # display order, clockwise from the top right


class Ring(Table):
    id = Serial(primary_key=True)
    slug = Varchar(length=64, unique=True)
    name = Varchar(length=80)
    description = Text(default="")  # the one-line meaning shown to users
    position = Integer(default=0)  # 0 is the innermost ring
    colour = Varchar(length=16, default="#607d8b")
    review_after_months = Integer(default=12)


class Blip(Table):
    """One technology on the radar; its slug never changes."""

    id = Serial(primary_key=True)
    slug = Varchar(length=100, unique=True, index=True)
    name = Varchar(length=120, unique=True)
    quadrant = ForeignKey(Quadrant, on_delete=OnDelete.restrict)
    ring = ForeignKey(Ring, on_delete=OnDelete.restrict)
    summary = Varchar(length=200, default="")
    description = Text(default="")  # Markdown, sanitised when rendered
    tags = Array(Varchar(length=40))
    links = JSON(default="[]")  # [{"title": ..., "url": ...}]
    owner = Varchar(length=120, default="")
    imported = Boolean(default=False)
    reaffirmed_at = Timestamptz(null=True, default=None)  # the chair re-affirmed it; ring changes also count
    retired_at = Timestamptz(null=True, default=None)  # off the radar from then on; kept for history and editions
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Edition(Table):
    """A published, immutable snapshot of the radar."""

    id = Serial(primary_key=True)
    slug = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=120)
    published_on = Date()
    introduction = Text(default="")
    published_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class RingChange(Table):
    """One entry of a blip's ring history: every ring change, with when, why and where it came from."""

    id = Serial(primary_key=True)
    blip = ForeignKey(Blip, on_delete=OnDelete.cascade, index=True)
    from_ring = ForeignKey(Ring, null=True, on_delete=OnDelete.restrict)
    to_ring = ForeignKey(Ring, on_delete=OnDelete.restrict)
    changed_at = Timestamptz(index=True)
    reason = Text(default="")
    source = Varchar(length=32, default="admin")  # seed | import | decision | admin
    decision_ref = Varchar(length=32, default="")  # e.g. ADR-0007 once decided by the board
    changed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class EditionEntry(Table):
    """A blip as it stood in one edition, with its movement since the previous edition."""

    id = Serial(primary_key=True)
    edition = ForeignKey(Edition, on_delete=OnDelete.cascade, index=True)
    blip = ForeignKey(Blip, on_delete=OnDelete.restrict)
    quadrant = ForeignKey(Quadrant, on_delete=OnDelete.restrict)
    ring = ForeignKey(Ring, on_delete=OnDelete.restrict)
    movement = Varchar(length=16, default="no_change")
    name = Varchar(length=120)
    summary = Varchar(length=200, default="")
    description = Text(default="")
    tags = Array(Varchar(length=40))
    owner = Varchar(length=120, default="")
    faded = Boolean(default=False)
    r = DoublePrecision(default=0.0)  # the position it was drawn at, kept so the edition draws as it was
    theta = DoublePrecision(default=0.0)


class AuditEvent(Table):
    """Who did what, written in the same transaction as the change it records."""

    id = Serial(primary_key=True)
    at = Timestamptz(index=True)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=64)
    subject_type = Varchar(length=32)
    subject = Varchar(length=120)
    detail = JSON(default="{}")


TOKEN_SCOPES = ("read", "write")


class ApiToken(Table):
    """A personal token for the JSON API; only its SHA-256 is stored, the token itself is shown once."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=80)
    token_hash = Varchar(length=64, unique=True)
    prefix = Varchar(length=16)  # the first characters, to tell tokens apart
    scope = Varchar(length=8, default="read")  # read | write (write includes read)
    created_at = Timestamptz()
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class ImportUpload(Table):
    """A file uploaded to the import page, kept between its dry run and its apply so that the server never
    trusts the browser to send the same file twice; deleted once applied, or after a day."""

    id = Serial(primary_key=True)
    digest = Varchar(length=64, unique=True, index=True)  # sha256 of content and parse options
    filename = Varchar(length=200)
    format = Varchar(length=16, default="")  # empty: detect from the content
    quadrant_names = Varchar(length=500, default="")  # Zalando's 0-3 overridden, comma-separated
    ring_names = Varchar(length=500, default="")
    content = Bytea()
    uploaded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class LoginThrottle(Table):
    """Failed sign-ins counted per key (an account at one address, an address, an account), in the database so
    that every process sees the same counts."""

    id = Serial(primary_key=True)
    key = Varchar(length=200, unique=True)
    failures = Integer(default=0)
    last_failure_at = Timestamptz()
    blocked_until = Timestamptz(null=True, default=None)


class RenderedMarkdown(Table):
    """Markdown rendered to sanitised HTML when it is saved, keyed by the SHA-256 of the source: pages read the
    HTML instead of rendering on every view (20,000 characters take a third of a second to render)."""

    id = Serial(primary_key=True)
    digest = Varchar(length=64, unique=True)
    html = Text()
    created_at = Timestamptz()
