"""The list of reports: a grantee's own, or every report for staff, soonest due first."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, exists, func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.applications.permissions import organisation_ids
from portal.grants.models import Grant, GrantShare
from portal.grants.permissions import STAFF
from portal.reports.models import Report

PAGE_SIZE = 50


@dataclass(frozen=True)
class ReportRow:
    id: int
    key: str
    status: str
    due_on: date
    grant_id: int
    reference: str
    organisation: str

    def overdue(self, today):
        return self.status in ("due", "changes_requested") and self.due_on < today


@dataclass(frozen=True)
class ReportPage:
    rows: list
    page: int
    pages: int
    total: int


def reports_page(session, user, *, status=None, page=1):
    """One page of reports the user may see: sent ones first for staff (they wait for review)."""
    query = select(Report.id)
    if not set(user.roles) & set(STAFF):
        mine = organisation_ids(session, user)
        query = query.where(exists().where(GrantShare.grant_id == Report.grant_id,
                                           GrantShare.organisation_id.in_(mine or {-1})))
    if status:
        query = query.where(Report.status == status)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    waiting_first = case((Report.status == "submitted", 0), else_=1)
    ids = query.order_by(waiting_first, Report.due_on, Report.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE) \
        .subquery()
    rows = session.execute(
        select(Report.id, Report.key, Report.status, Report.due_on, Grant.id, Application.reference, Organisation.name)
        .join(ids, ids.c.id == Report.id).join(Grant, Grant.id == Report.grant_id)
        .join(Application, Application.id == Grant.application_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .order_by(waiting_first, Report.due_on, Report.id)
    ).all()
    return ReportPage([ReportRow(*row) for row in rows], page, pages, total)


def reports_of_grant(session, grant_id):
    return session.exec(select(Report).where(Report.grant_id == grant_id).order_by(Report.position, Report.id)).all()
