"""The fund manager's side of a report: accept (posting the spend and releasing tranches), ask
for changes, waive, move the due date, add a report to a grant."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import mail
from portal.access import acting_user, roles
from portal.accounts.models import User
from portal.accounts.services import organisation_members
from portal.db import get_session
from portal.domain import DomainError
from portal.grants.models import Grant
from portal.grants.page import render_grant
from portal.grants.permissions import MANAGERS, viewing
from portal.ledger.locking import money_transaction
from portal.outcome import carry_out
from portal.reports import bp, forms, services
from portal.reports.models import Report
from portal.reports.permissions import report_access
from portal.reports.views import render_page


def _managed(report_id):
    return report_access(get_session(), current_user, report_id)


def _back(report_id):
    return redirect(url_for("reports.show", report_id=report_id))


def _tell_grantees(access):
    """Every organisation of the grant hears, without content, that there is news on the report."""
    session = get_session()
    people = [person for share in access.grant.shares for person in organisation_members(session, share.organisation_id)]
    mail.notify_all(people, url_for("reports.show", report_id=access.report.id))


@bp.post("/<int:report_id>/accept")
@roles(*MANAGERS)
def accept(report_id):
    """Accept the report: its spend is booked in the ledger and the tranches waiting for it open."""
    access = _managed(report_id)
    if not forms.ConfirmForm().validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return _back(report_id)
    actor_id, viewer = current_user.id, set(current_user.roles)

    def work(session):
        report = session.get(Report, report_id)
        return services.accept_report(session=session, report=report, grant=session.get(Grant, report.grant_id),
                                      actor=session.get(User, actor_id), roles=viewer)

    try:
        money_transaction(work)
    except DomainError as error:
        flash(error.message, "error")
        return _back(report_id)
    _tell_grantees(access)
    flash(_("The report is accepted."), "success")
    return _back(report_id)


@bp.post("/<int:report_id>/changes")
@roles(*MANAGERS)
def changes(report_id):
    """Send the report back with a message; what the grantee wrote stays as it is."""
    session = get_session()
    access = _managed(report_id)
    form = forms.ChangesForm()
    if not form.validate_on_submit():
        return render_page(access, changes_form=form, status=422)
    if carry_out(session, lambda: services.request_changes(session=session, report=access.report, actor=acting_user(),
                                                           roles=set(current_user.roles), message=form.message.data),
                 _("The grantee is asked for changes.")):
        _tell_grantees(access)
    return _back(report_id)


@bp.post("/<int:report_id>/waive")
@roles(*MANAGERS)
def waive(report_id):
    """This report is not needed; tranches that waited for it become payable."""
    session = get_session()
    access = _managed(report_id)
    if forms.ConfirmForm().validate_on_submit():
        carry_out(session, lambda: services.waive_report(session=session, report=access.report, actor=acting_user(),
                                                         roles=set(current_user.roles)), _("The report is waived."))
    return _back(report_id)


@bp.post("/<int:report_id>/due-date")
@roles(*MANAGERS)
def move(report_id):
    session = get_session()
    access = _managed(report_id)
    form = forms.DueDateForm()
    if not form.validate_on_submit():
        return render_page(access, due_form=form, status=422)
    carry_out(session, lambda: services.move_due_date(session=session, report=access.report, actor=acting_user(),
                                                      due_on=form.due_on.data), _("The due date is changed."))
    return _back(report_id)


@bp.post("/grants/<int:grant_id>/new")
@roles(*MANAGERS)
def add(grant_id):
    """Ask one grant for one more report."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    form = forms.AddReportForm()
    created = []
    if form.validate_on_submit() and carry_out(session, lambda: created.append(services.add_report(
            session=session, grant=view.grant, actor=acting_user(), key=form.key.data, due_on=form.due_on.data)),
            _("The report is added.")):
        return _back(created[0].id)
    return render_grant(view, status=422, add_report_form=form)  # what she typed, with the reason
