"""Typed domain errors raised by services and turned into messages by views.

Each error carries a lazily translated message, so the view shows it in the reader's
language without knowing what went wrong.
"""
from flask_babel import lazy_gettext as _l

#: The message for any amount that cannot be read.
AMOUNT_HELP = _l("Please write an amount in numbers, for example 5000 or 5000.50.")


class DomainError(Exception):
    """A refusal a user can understand and act on."""

    def __init__(self, message, **details):
        super().__init__(str(message))
        self.message = message
        self.details = details


class InvalidTransition(DomainError):
    """A status change that the state machine does not allow for this role."""

