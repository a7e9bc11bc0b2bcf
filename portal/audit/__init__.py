"""The audit log (who did what to which record, when) and the pages that show and export it."""
from flask import Blueprint

from portal.audit.models import AuditEvent, record, record_access  # noqa: F401  (services call these)

bp = Blueprint("audit", __name__, url_prefix="/audit")
