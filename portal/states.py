"""State machines as data: one transition table per machine and one function that applies it.

States and actions are identifiers and are never translated; only their labels are.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.domain import InvalidTransition


@dataclass(frozen=True)
class Machine:
    """`table` maps state → action → (next state, roles allowed)."""

    name: str
    table: dict

    def next_state(self, state, action, roles):
        """The state after `action`, or InvalidTransition with a message the user can read."""
        move = self.table.get(state, {}).get(action)
        if move is None:
            raise InvalidTransition(
                _l("This action is not possible at this stage."), state=state, action=action
            )
        target, allowed = move
        if not set(roles) & set(allowed):
            raise InvalidTransition(
                _l("You are not allowed to do this at this stage."), state=state, action=action
            )
        return target

    def actions(self, state, roles):
        """Actions a holder of `roles` may take from `state`, in table order."""
        return [
            action
            for action, (_target, allowed) in self.table.get(state, {}).items()
            if set(roles) & set(allowed)
        ]

    @property
    def states(self):
        targets = {target for moves in self.table.values() for target, _ in moves.values()}
        return set(self.table) | targets
