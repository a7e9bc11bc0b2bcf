"""Writing, submitting and reviewing reports.

The grantee writes (autosaved like an application), the lead submits; a fund manager accepts or
asks for changes. Acceptance posts each share's reported spend to the ledger
(`disbursed:<share>` → `spent:<share>`) and releases the tranches that wait for this report,
in one money transaction. Every status change is a compare-and-set through `REPORT`.
"""
from dataclasses import dataclass, field

from flask_babel import gettext, lazy_gettext as _l
from sqlalchemy import update
from sqlmodel import func, select

from portal import audit, money
from portal.domain import AMOUNT_HELP, DomainError, InvalidTransition
from portal.dashboards import tallies
from portal.funds.models import Fund
from portal.grants.models import Grant
from portal.grants.services import move_status, release_tranche
from portal.ledger import accounts
from portal.ledger.posting import InsufficientFunds, Leg, balance, post
from portal.reports.models import BUDGET_LINES, NARRATIVE_MAX_CHARS, NARRATIVE_QUESTIONS, Report
from portal.reports.plan import add_parts
from portal.reports.states import REPORT, WRITABLE
from portal.text import char_count, clip
from portal.types import utcnow

#: A draft keeps what was typed beyond the limit (nothing is lost), up to this many times it.
DRAFT_CEILING_FACTOR = 4
#: The narrative answer a report cannot be sent without.
REQUIRED_QUESTION = "what_changed"


class ReportNotReady(DomainError):
    """The report cannot be sent yet; `details['problems']` maps fields to messages."""


@dataclass
class ReportChanges:
    """What was typed in the report form, as text, before validation."""

    answers: dict = field(default_factory=dict)
    written_language: str | None = None
    #: {share id: {budget line: amount text}} for the shares the writer may fill.
    spend: dict = field(default_factory=dict)
    #: {share id: note} for consortium members' own words.
    notes: dict = field(default_factory=dict)
    #: The writer's locale, to read amounts typed with local separators ("5 000,50").
    locale: str | None = None


def hold_writable(session, report):
    """Lock the report row while it may still be written, then re-read it (an autosave and a
    submission never interleave: whichever comes second sees the other's result)."""
    held = session.execute(
        update(Report).where(Report.id == report.id, Report.status.in_(WRITABLE))
        .values(updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(report)
    return held == 1


def save_report(*, session, report, actor, changes, narrative, share_ids, conversation=False):
    """Keep what was typed in the parts this writer may fill; returns {field: message}.

    `narrative`: she may write the report's own answers (the lead, or staff); `share_ids`: the
    parts whose spend and note she may fill; `conversation`: staff writing after a phone call.
    """
    if not hold_writable(session, report):
        raise InvalidTransition(_l("This report has been sent and can no longer be changed."))
    errors = {}
    if narrative:
        _save_answers(report, changes.answers, errors)
        if changes.written_language:
            report.written_language = changes.written_language
    currency = session.get(Grant, report.grant_id).currency
    for part in report.parts:
        if part.share_id not in share_ids:
            continue
        _save_spend(part, changes.spend.get(part.share_id, {}), currency, changes.locale, errors)
        if part.share_id in changes.notes:
            note = changes.notes[part.share_id].strip()
            part.note = clip(note, NARRATIVE_MAX_CHARS * DRAFT_CEILING_FACTOR)
            if char_count(note) > NARRATIVE_MAX_CHARS:
                errors[f"note_{part.share_id}"] = gettext("Please shorten this answer to %(limit)s characters.",
                                                          limit=NARRATIVE_MAX_CHARS)
            part.written_language = changes.written_language or part.written_language
        part.updated_at, part.updated_by_id = utcnow(), actor.id
        session.add(part)
    report.is_conversation = report.is_conversation or conversation
    session.add(report)
    session.flush()
    return errors


def _save_answers(report, typed, errors):
    answers = dict(report.answers)
    for key in NARRATIVE_QUESTIONS:
        if key in typed:
            text = typed[key].strip()
            answers[key] = clip(text, NARRATIVE_MAX_CHARS * DRAFT_CEILING_FACTOR)
            if char_count(text) > NARRATIVE_MAX_CHARS:
                errors[f"answer_{key}"] = gettext("Please shorten this answer to %(limit)s characters.",
                                                  limit=NARRATIVE_MAX_CHARS)
    report.answers = answers


def _save_spend(part, typed, currency, locale, errors):
    """Amounts by budget line; an unreadable amount keeps the line's earlier value and says why."""
    spend = dict(part.spend)
    for line in BUDGET_LINES:
        if line not in typed:
            continue
        text = (typed[line] or "").strip()
        if not text:
            spend.pop(line, None)
            continue
        try:
            amount = money.minor_from_text(text, currency, locale)
        except money.MoneyError:
            errors[f"spend_{part.share_id}_{line}"] = AMOUNT_HELP
            continue
        if amount < 0:
            errors[f"spend_{part.share_id}_{line}"] = _l("An amount spent cannot be negative.")
            continue
        spend[line] = amount
    part.spend = spend


def unreported_minor(session, grant, share_id):
    """Money paid to the share and not yet reported as spent: the most a report may book."""
    return balance(session, accounts.disbursed(session.get(Fund, grant.fund_id), share_id).code)


def submission_problems(session, report, grant):
    """{field: message} for what keeps the report from being sent."""
    problems = {}
    if not (report.answers.get(REQUIRED_QUESTION) or "").strip():
        problems[f"answer_{REQUIRED_QUESTION}"] = _l("Please tell us what changed because of this grant.")
    for key in NARRATIVE_QUESTIONS:
        if char_count(report.answers.get(key, "")) > NARRATIVE_MAX_CHARS:
            problems[f"answer_{key}"] = gettext("Please shorten this answer to %(limit)s characters.",
                                                limit=NARRATIVE_MAX_CHARS)
    for part in report.parts:
        if char_count(part.note) > NARRATIVE_MAX_CHARS:
            problems[f"note_{part.share_id}"] = gettext("Please shorten this answer to %(limit)s characters.",
                                                        limit=NARRATIVE_MAX_CHARS)
        if part.spent_minor > unreported_minor(session, grant, part.share_id):
            problems[f"spend_{part.share_id}"] = _l("The spending reported is more than was paid so far and not "
                                                    "yet reported.")
    return problems


def move(session, report, action, roles, **values):
    """One compare-and-set state change of the report (see grants.services.move_status)."""
    before, after = move_status(session, Report, report, REPORT, action, roles, updated_at=utcnow(), **values)
    tallies.report_moved(session, report, status=before, due_on=report.due_on)
    return before, after


def submit_report(*, session, report, grant, actor, roles):
    """Send the report for review (the lead, or staff for a conversation report)."""
    if report.status == "submitted":  # a double click or a resent form: the first one counts
        return report
    problems = submission_problems(session, report, grant)
    if problems:
        raise ReportNotReady(_l("Some things are missing before you can send this report."), problems=problems)
    before, after = move(session, report, "submit", roles, submitted_at=utcnow(), submitted_by_id=actor.id,
                         review_message=report.review_message)
    audit.record(session, actor=actor, action="report.submit", record=report,
                 before={"status": before}, after={"status": after, "conversation": report.is_conversation})
    return report


def accept_report(*, session, report, grant, actor, roles):
    """Accept: post each share's reported spend to the ledger and release the tranches that wait
    for this report. Call inside `ledger.locking.money_transaction`."""
    before, after = move(session, report, "accept", roles, reviewed_at=utcnow(), reviewed_by_id=actor.id)
    fund = session.get(Fund, grant.fund_id)
    for part in report.parts:
        amount = part.spent_minor
        if amount <= 0:
            continue
        legs = [Leg(accounts.disbursed(fund, part.share_id), -amount), Leg(accounts.spent(fund, part.share_id), amount)]
        try:
            post(session, kind="report.spend", legs=legs, idempotency_key=spend_key(report, part.share_id),
                 actor=actor, record=report, memo=f"Spending reported in report {report.id} ({report.key})")
        except InsufficientFunds:
            raise DomainError(_l("The spending reported is more than was paid to this organisation.")) from None
    released = release_waiting_tranches(session, report=report, grant=grant, actor=actor)
    audit.record(session, actor=actor, action="report.accept", record=report, before={"status": before},
                 after={"status": after, "spent": {p.share_id: p.spent_minor for p in report.parts},
                        "released_tranches": released})
    return report


def spend_key(report, share_id):
    return f"report:{report.id}:spend:{share_id}"


def release_waiting_tranches(session, *, report, grant, actor):
    """Tranches whose plan says they wait for this report become payable (once the terms are
    accepted); returns their ids."""
    if grant.status != "accepted":
        return []
    released = []
    for share in grant.shares:
        for tranche in share.tranches:
            if tranche.after_report == report.key and tranche.status == "waiting":
                release_tranche(session, tranche=tranche, actor=actor, roles={"fund_manager"})
                released.append(tranche.id)
    return released


def request_changes(*, session, report, actor, roles, message):
    """Send the report back with a message; the grantee edits and sends it again."""
    message = (message or "").strip()
    if not message:
        raise DomainError(_l("Please say what should change."))
    before, after = move(session, report, "request_changes", roles, review_message=message[:2000],
                         reviewed_at=utcnow(), reviewed_by_id=actor.id)
    audit.record(session, actor=actor, action="report.request_changes", record=report,
                 before={"status": before}, after={"status": after})
    return report


def waive_report(*, session, report, actor, roles):
    """A fund manager decides this report is not needed; tranches waiting for it are released."""
    before, after = move(session, report, "waive", roles, reviewed_at=utcnow(), reviewed_by_id=actor.id)
    released = release_waiting_tranches(session, report=report, grant=session.get(Grant, report.grant_id), actor=actor)
    audit.record(session, actor=actor, action="report.waive", record=report, before={"status": before},
                 after={"status": after, "released_tranches": released})
    return report


def move_due_date(*, session, report, actor, due_on):
    """A fund manager gives more (or less) time; only while the report is still to be written."""
    if report.status not in WRITABLE:
        raise InvalidTransition(_l("This action is not possible at this stage."))
    before = report.due_on
    report.due_on = due_on
    session.add(report)
    session.flush()
    tallies.report_moved(session, report, status=report.status, due_on=before)
    audit.record(session, actor=actor, action="report.move", record=report,
                 before={"due_on": before.isoformat()}, after={"due_on": due_on.isoformat()})
    return report


def add_report(*, session, grant, actor, key, due_on):
    """A fund manager asks one grant for one more report."""
    if session.exec(select(Report).where(Report.grant_id == grant.id, Report.key == key)).first():
        raise DomainError(_l("This grant already has a report with this name."))
    position = session.exec(select(func.count()).select_from(Report).where(Report.grant_id == grant.id)).one() + 1
    report = Report(grant_id=grant.id, key=key, position=position, due_on=due_on)
    session.add(report)
    session.flush()
    tallies.reports_added(session, [report])
    add_parts(session, report=report, grant=grant)
    audit.record(session, actor=actor, action="report.add", record=report,
                 after={"key": key, "due_on": due_on.isoformat()})
    return report
