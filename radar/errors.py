"""The domain's errors. Services raise them; `web/app.py` maps each class to HTTP in one place (problem details
under /api, the HTML error page elsewhere). A controller catches one only to re-render its own form."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    status_code = 400


class NotFound(DomainError):
    """The named thing does not exist (or the caller may not know it exists)."""

    status_code = 404


class Refused(DomainError):
    """The request is understood but the rules refuse it; the message is the reason shown to the user."""

    status_code = 409


class Conflict(DomainError):
    """The request collides with the current state (a duplicate, a concurrent change); the message says which."""

    status_code = 409


class ValidationFailed(DomainError):
    """Input was refused; `errors` maps each field name to the message shown next to it."""

    status_code = 400

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


Invalid = ValidationFailed  # the name the design uses: invalid, with field errors
