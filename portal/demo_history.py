"""The demo fund's past: about twenty grants over the last ten months, so that the donor
dashboards and the reports pages show real-looking figures instead of "fewer than 5".

`content.HISTORY` (in demo_content.json) lists the past grants: who applied to which tier, in
which language, how long the decision and the first payment took, and what became of the first
report. `as_applications` turns each into an application written like the others in the demo
(submitted and taken into review in the past, consortium members accepted); `replay` then runs
every money movement through the services, in the order it happened, with the donors'
transfers in between (so each grant is funded by the money that had arrived by then): approval,
acceptance, payee, four-eyes payment of the first tranches, the report (sent, accepted with its
spend, or sent back), and the next tranche once a report releases it. Each grant is one
`money_transaction`.

The services stamp "now"; the domain rows they write are then moved to the moment each step
happened (decision, acceptance, payment, report), so the dashboards' speed figures, due dates
and lateness read as they would have. The ledger and the audit log are append-only and keep
the moment the demo was loaded.
"""
from datetime import datetime, time, timedelta, timezone

from sqlmodel import select

from portal import money
from portal.accounts.models import User
from portal.applications.models import Application, StatusChange
from portal.grants import disbursements
from portal.grants.models import Disbursement, Grant, Payee
from portal.grants.payees import save_payee
from portal.grants.publication_views import set_publication
from portal.grants.services import accept_agreement
from portal.ledger.locking import money_transaction
from portal.reports import services as reports
from portal.reports.models import Report
from portal.reports.plan import add_months
from portal.review.decisions import approve
from portal.review.models import Decision

#: What each tier's applicants answer "what do you need the money for?" with.
PURPOSE = {"emergency": "emergency", "seed": "project", "consortium": "joint_work"}
#: Hours from the decision to the grantee's acceptance of the terms, per tier.
ACCEPT_HOURS = {"emergency": 6, "seed": 40, "consortium": 70}
#: Hours from submission until the fund manager opens the review, per tier.
REVIEW_HOURS = {"emergency": 3, "seed": 50, "consortium": 96}
FINANCE = {"finance_officer"}
MANAGER = {"fund_manager"}
APPLICANT = {"applicant"}


def _submitted_hours(spec):
    return spec["submitted_days_ago"] * 24


def as_applications(history, organisations):
    """Each past grant as an application spec shaped like `content.APPLICATIONS` (times in hours
    ago; eligibility answered from the organisation's own facts)."""
    specs = []
    for spec in history:
        organisation, tier = organisations[spec["organisation"]], spec["tier"]
        submitted = _submitted_hours(spec)
        started = submitted + (5 if tier == "emergency" else 72)
        application = {
            "organisation": spec["organisation"], "tier": tier, "written_language": spec["written_language"],
            "requested_minor": spec["requested_minor"], "answers": spec["answers"], "started": started,
            "history": [["submit", submitted], ["start_review", submitted - REVIEW_HOURS[tier]]],
            "eligibility_answers": {
                "group_kind": organisation["kind"], "registered": "yes" if organisation["registered"] else "no",
                "women_led": "yes" if organisation["women_led"] else "no", "country": organisation["country"],
                "budget_band": "10k_50k" if organisation["registered"] else "under_10k", "purpose": PURPOSE[tier],
            },
        }
        if "members" in spec:
            application["members"] = [{**member, "invited": started, "responded": started - 20}
                                      for member in spec["members"]]
        specs.append(application)
    return specs


def replay(*, history, applications, transfers, staff, people, now):
    """Book the past in the order it happened.

    `applications`: the Application rows written for `history` (same order); `transfers`:
    [(moment, record)] the donors' bank transfers; `staff`: user ids of "manager", "first" and
    "second" (the two finance officers); `people`: {organisation id: (applicant's user id, payee
    spec)}, who accepts, writes and is paid for each share.
    """
    events = [(moment, 0, record) for moment, record in transfers]
    for spec, application in zip(history, applications):
        decided = application.submitted_at + timedelta(hours=spec["decision_hours"])
        events.append((decided, 1, _grant_work(spec, application.id, decided, staff, people, now)))
    for _moment, _order, run in sorted(events, key=lambda event: event[:2]):
        run()


def _grant_work(spec, application_id, decided, staff, people, now):
    def work(session):
        _Past(session, spec, staff, people, now).grant(session.get(Application, application_id), decided)
    return lambda: money_transaction(work)


class _Past:
    """One past grant, from its approval to its latest report, inside one money transaction."""

    def __init__(self, session, spec, staff, people, now):
        self.session, self.spec, self.people, self.now = session, spec, people, now
        self.manager = session.get(User, staff["manager"])
        self.first, self.second = session.get(User, staff["first"]), session.get(User, staff["second"])

    def stamp(self, record, **values):
        """Move a row the services stamped "now" to the moment it happened."""
        for name, value in values.items():
            setattr(record, name, value)
        self.session.add(record)
        self.session.flush()

    def past(self, moment):
        """A moment that has happened: never later than an hour ago."""
        return min(moment, self.now - timedelta(hours=1))

    def member_user(self, share):
        """The applicant who acts for the share's organisation."""
        return self.session.get(User, self.people[share.organisation_id][0])

    def grant(self, application, decided):
        session, spec = self.session, self.spec
        approve(session, application=application, actor=self.manager, key=f"demo:past:{application.id}",
                amount_minor=spec["requested_minor"], theme=spec["theme"])
        decision = session.exec(select(Decision).where(Decision.application_id == application.id)).one()
        self.stamp(decision, decided_at=decided, hours_to_decision=spec["decision_hours"])
        change = session.exec(select(StatusChange).where(StatusChange.application_id == application.id,
                                                         StatusChange.action == "approve")).one()
        self.stamp(change, at=decided)
        self.stamp(application, updated_at=decided)
        grant = session.exec(select(Grant).where(Grant.application_id == application.id)).one()
        lead = self.member_user(next(share for share in grant.shares if share.is_lead))
        accept_agreement(session, grant=grant, actor=lead, roles=APPLICANT, language=lead.locale)
        accepted = decided + timedelta(hours=ACCEPT_HOURS[application.tier.key])
        self.stamp(grant, awarded_at=decided, accepted_at=accepted)
        self.schedule_reports(grant, application.tier.report_plan, accepted)
        if spec.get("story_consent") or spec.get("do_not_publish"):
            set_publication(session, grant=grant, actor=lead, grantee=True, manager=False,
                            do_not_publish=bool(spec.get("do_not_publish")),
                            story_consent=bool(spec.get("story_consent")))
        for share in grant.shares:
            save_payee(session, share=share, actor=self.member_user(share), **self.people[share.organisation_id][1])
            payee = session.exec(select(Payee).where(Payee.share_id == share.id)).one()
            self.stamp(payee, updated_at=accepted + timedelta(hours=2))
        paid = decided + timedelta(hours=spec["paid_hours"])
        for number, share in enumerate(grant.shares):
            self.pay(share.tranches[0], accepted, paid + timedelta(hours=3 * number))
        self.stamp(grant, first_paid_at=paid, hours_to_payment=spec["paid_hours"])
        if "report" in spec:
            self.report(grant, spec["report"])

    def schedule_reports(self, grant, plan, accepted):
        """The reports `accept_agreement` scheduled from today, due from the day she accepted."""
        months = {part["key"]: part["months"] for part in plan}
        for report in self.session.exec(select(Report).where(Report.grant_id == grant.id)).all():
            self.stamp(report, due_on=add_months(accepted.date(), months[report.key]), created_at=accepted,
                       updated_at=accepted)

    def pay(self, tranche, ready, confirmed):
        """Schedule (first officer), approve (second), mark sent and confirm, between `ready` and `confirmed`."""
        session, span = self.session, confirmed - ready
        payment = disbursements.schedule(session, tranche=tranche, actor=self.first, roles=FINANCE,
                                         key=f"demo:past:schedule:{tranche.id}")
        disbursements.approve(session, disbursement=payment, actor=self.second, roles=FINANCE)
        method = session.exec(select(Payee.method).where(Payee.share_id == tranche.share_id)).one()
        disbursements.mark_sent(session, disbursement=payment, actor=self.first, roles=FINANCE, method=method,
                                reference=f"DEMO-{payment.id:05d}")
        disbursements.confirm(session, disbursement=payment, actor=self.first, roles=FINANCE)
        self.stamp(session.get(Disbursement, payment.id), scheduled_at=ready + span * 0.3,
                   approved_at=ready + span * 0.5, sent_at=ready + span * 0.6, confirmed_at=confirmed)

    def report(self, grant, spec):
        """The first report of the plan: sent, then accepted (spend posted) or sent back, or still waiting."""
        session = self.session
        report = session.exec(select(Report).where(Report.grant_id == grant.id).order_by(Report.position)).first()
        language = self.spec["written_language"]
        for share in grant.shares:
            paid = share.tranches[0].amount_minor
            spend = {line: str(money.from_minor(paid * percent // 100, grant.currency))
                     for line, percent in spec["spend_percent"].items()}
            changes = reports.ReportChanges(answers=spec["answers"] if share.is_lead else {},
                                            written_language=language, spend={share.id: spend})
            reports.save_report(session=session, report=report, actor=self.member_user(share), changes=changes,
                                narrative=share.is_lead, share_ids={share.id})
        lead = self.member_user(next(share for share in grant.shares if share.is_lead))
        reports.submit_report(session=session, report=report, grant=grant, actor=lead, roles=APPLICANT)
        due_at = datetime.combine(report.due_on, time(10), tzinfo=timezone.utc)
        if spec["status"] == "submitted":  # sent the day before it was due; none waits over three weeks
            sent = max(min(due_at - timedelta(days=1), self.now - timedelta(days=3)), self.now - timedelta(days=21))
            for part in report.parts:
                self.stamp(part, updated_at=sent - timedelta(days=1))
            self.stamp(report, submitted_at=sent, updated_at=sent)
            return
        sent = self.past(due_at - timedelta(days=5))
        reviewed = self.past(sent + timedelta(days=4))
        for part in report.parts:
            self.stamp(part, updated_at=sent - timedelta(days=1))
        if spec["status"] == "changes_requested":
            reports.request_changes(session=session, report=report, actor=self.manager, roles=MANAGER,
                                    message=spec["message"])
        else:
            reports.accept_report(session=session, report=report, grant=grant, actor=self.manager, roles=MANAGER)
        self.stamp(report, submitted_at=sent, reviewed_at=reviewed, updated_at=reviewed)
        if spec.get("pay_next"):
            for share in grant.shares:
                for tranche in share.tranches:
                    if tranche.status == "payable":
                        self.pay(tranche, reviewed, self.past(reviewed + timedelta(days=6)))
