"""Typed domain errors raised by services and turned into messages by views.

Each error carries a lazily translated message, so the view shows it in the reader's
language without knowing what went wrong.
"""


class DomainError(Exception):
    """A refusal a user can understand and act on."""

    def __init__(self, message, **details):
        super().__init__(str(message))
        self.message = message
        self.details = details


class InvalidTransition(DomainError):
    """A status change that the state machine does not allow for this role."""


class NotAllowed(DomainError):
    """The actor may not act on this record."""
