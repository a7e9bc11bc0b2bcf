"""A tier's report plan and the schedule it gives each grant.

The plan is data on the tier (`[{"key": "interim", "months": 6}, …]`); when a grantee accepts
her grant, each line becomes a report due that many months later, with one part per share so
every consortium member writes her own. A tranche whose `after_report` names a key waits for
that report's acceptance.
"""
import calendar
import re
from datetime import date

from flask_babel import gettext as _
from sqlmodel import select
from wtforms import TextAreaField, ValidationError

from portal.dashboards import tallies
from portal.reports.models import Report, ReportPart

#: A report key, as written in plans and tranche plans (never translated).
KEY = re.compile(r"[a-z0-9_]{1,40}")


def parse_report_plan(text):
    """Lines 'key: months' → [{"key", "months"}], keys unique; nothing written means no reports."""
    plan = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        key, _sep, months = (part.strip() for part in line.partition(":"))
        if not (KEY.fullmatch(key) and re.fullmatch(r"[0-9]{1,2}", months) and 0 < int(months) <= 60):
            raise ValidationError(_("Line %(number)d: write a report and the months after acceptance it is due, "
                                    "for example interim: 6.", number=number))
        if key in {part["key"] for part in plan}:
            raise ValidationError(_("Line %(number)d: this report is already in the plan.", number=number))
        plan.append({"key": key, "months": int(months)})
    return plan


def report_plan_text(plan):
    return "\n".join(f"{part['key']}: {part['months']}" for part in plan or ())


class ReportPlanField(TextAreaField):
    """The tier's report plan, one report per line; `plan` holds it once valid."""

    plan = ()

    def pre_validate(self, form):
        self.plan = parse_report_plan(self.data)


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_reports(session, *, grant, plan, start):
    """The reports of `plan` for this grant, due from `start`; keys already scheduled are kept."""
    existing = set(session.exec(select(Report.key).where(Report.grant_id == grant.id)).all())
    reports = [Report(grant_id=grant.id, key=part["key"], position=position, due_on=add_months(start, part["months"]))
               for position, part in enumerate(plan or (), start=1) if part["key"] not in existing]
    session.add_all(reports)
    session.flush()
    tallies.reports_added(session, reports)
    for report in reports:
        add_parts(session, report=report, grant=grant)
    return reports


def add_parts(session, *, report, grant):
    session.add_all(ReportPart(report_id=report.id, share_id=share.id) for share in grant.shares)
    session.flush()
