"""Who sees and writes a report: the grant's organisations and staff, as for the grant itself.

The lead organisation writes the narrative and sends the report; each organisation holding a
share fills its own part (spend and, in a consortium, a note). A fund manager may write any of
it after a phone call (a conversation report). Anyone else gets 404.
"""
from dataclasses import dataclass

from flask import abort

from portal.grants.permissions import MANAGERS, viewing
from portal.reports.models import Report


@dataclass(frozen=True)
class ReportAccess:
    report: Report
    view: object  # grants.permissions.Viewing

    @property
    def grant(self):
        return self.view.grant

    @property
    def conversation(self):
        """Staff writing on the grantee's behalf (a fund manager who is not a grantee here)."""
        return self.view.manager and not self.view.own_share_ids

    @property
    def narrative(self):
        return self.view.may_accept or self.conversation

    @property
    def share_ids(self):
        return frozenset(s.id for s in self.grant.shares) if self.conversation else self.view.own_share_ids

    @property
    def may_send(self):
        return self.narrative

    @property
    def roles(self):
        """Roles on this report's machine: 'applicant' only for the lead organisation's members."""
        roles = set(self.view.roles) - {"applicant"}
        if self.view.may_accept:
            roles.add("applicant")
        return roles

    def writable_shares(self):
        return [share for share in self.grant.shares if share.id in self.share_ids]


def report_access(session, user, report_id):
    """The report with the user's rights on it, or 404."""
    report = session.get(Report, report_id)
    if report is None:
        abort(404)
    return ReportAccess(report, viewing(session, user, report.grant_id))


def may_review(access):
    return bool(set(access.view.roles) & set(MANAGERS))
