"""Who sees a grant: staff, and the members of the organisations holding a share of it.

Anyone else gets 404, so grant ids reveal nothing. Among the grantees, the applying (lead)
organisation accepts the terms for everyone; each organisation gives its own share's payee
details and sees only the hint of them.
"""
from dataclasses import dataclass

from flask import abort

from portal.applications.models import Application
from portal.applications.permissions import organisation_ids
from portal.grants.models import Grant

MANAGERS = ("fund_manager", "admin")
STAFF = ("fund_manager", "finance_officer", "admin")
#: Roles that may open a grant page at all (reviewers and donors may not).
VIEWERS = ("applicant", *STAFF)


@dataclass(frozen=True)
class Viewing:
    """A grant as one user may see it."""

    grant: Grant
    application: Application
    roles: frozenset
    #: Shares held by the user's organisations.
    own_share_ids: frozenset
    #: The user belongs to the applying organisation, which accepts the terms.
    may_accept: bool

    @property
    def staff(self):
        return bool(self.roles & set(STAFF))

    @property
    def manager(self):
        return bool(self.roles & set(MANAGERS))

    @property
    def finance(self):
        return "finance_officer" in self.roles


def viewing(session, user, grant_id):
    """The grant with the user's rights on it, or 404."""
    grant = session.get(Grant, grant_id)
    if grant is None:
        abort(404)
    organisations = organisation_ids(session, user)
    own = frozenset(share.id for share in grant.shares if share.organisation_id in organisations)
    roles = frozenset(user.roles)
    if not own and not roles & set(STAFF):
        abort(404)
    application = session.get(Application, grant.application_id)
    return Viewing(grant, application, roles, own, application.organisation_id in organisations)


def own_share(view, share_id):
    """One of the user's own shares of the grant, or 404."""
    if share_id not in view.own_share_ids:
        abort(404)
    return next(share for share in view.grant.shares if share.id == share_id)
