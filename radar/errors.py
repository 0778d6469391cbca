"""Errors that services raise and pages show to the user."""

from __future__ import annotations


class ValidationFailed(Exception):
    """Input was refused; `errors` maps each field name to the message shown next to it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class NotFound(Exception):
    """The named thing does not exist."""
