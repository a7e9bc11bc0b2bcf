"""Import every domain's models so `SQLModel.metadata` is complete (Alembic, tests)."""
from portal.accounts.models import LoginToken, Membership, Organisation, User, UserRole  # noqa: F401
from portal.applications.models import (  # noqa: F401
    Application, Attachment, ConsortiumMember, StatusChange,
)
from portal.audit.models import AuditEvent  # noqa: F401
from portal.donors.models import Contribution, Donor, DonorMember  # noqa: F401
from portal.eligibility.models import Enquiry  # noqa: F401
from portal.funds.models import Call, EligibilityRule, Fund, Question, Tier  # noqa: F401
from portal.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction  # noqa: F401
from portal.payments.models import StripeEvent  # noqa: F401
from portal.jobs.models import JobRun  # noqa: F401
from portal.grants.models import Disbursement, Grant, GrantFunding, GrantShare, Payee, Tranche  # noqa: F401
from portal.reports.models import Reminder, Report, ReportFile, ReportPart  # noqa: F401
from portal.review.models import Decision, Message, ReviewAssignment, RubricCriterion  # noqa: F401
from portal.dashboards.models import GrantTally, ReachTally, ReportTally, SpeedTally  # noqa: F401
