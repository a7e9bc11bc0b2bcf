"""Who may see and act on an application: members of the applying organisation, and staff.

Records of other organisations answer 404, so ids reveal nothing.
"""
from flask import abort
from sqlmodel import select

from portal.accounts.models import Membership
from portal.applications.models import Application

STAFF_VIEWERS = ("fund_manager", "admin")


def organisation_ids(session, user):
    return set(session.exec(select(Membership.organisation_id).where(Membership.user_id == user.id)).all())


def roles_on(session, user, application):
    """The actor's roles for this application: staff roles, plus 'applicant' for its members.

    The global applicant role alone never grants rights over another organisation's record.
    """
    roles = set(user.roles) - {"applicant"}
    if application.organisation_id in organisation_ids(session, user):
        roles.add("applicant")
    return roles


def own_application(session, user, application_id, options=()):
    """The application if the user belongs to its organisation, else 404 (`options`: what to load
    with it, e.g. everything a page shows)."""
    application = session.get(Application, application_id, options=options)
    if application is None or application.organisation_id not in organisation_ids(session, user):
        abort(404)
    return application


def own_organisation(session, user):
    """The organisation the user applies for (the first membership), or None."""
    membership = session.exec(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.organisation_id)
    ).first()
    return membership.organisation if membership else None
