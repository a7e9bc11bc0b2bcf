"""The form → service → message boundary shared by views.

A view calls one service; a refusal (DomainError) rolls the transaction back and tells the user
why in her language, success commits once and may say so.
"""
from flask import flash

from portal.domain import DomainError


def carry_out(session, action, success=None):
    """Run `action()`; commit and flash `success`, or roll back and flash the refusal.

    Returns True when the action was carried out.
    """
    try:
        action()
    except DomainError as error:
        session.rollback()
        flash(error.message, "error")
        return False
    session.commit()
    if success:
        flash(success, "success")
    return True
