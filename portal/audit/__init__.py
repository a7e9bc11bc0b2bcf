"""The audit log (who did what to which record, when) and the pages that show and export it."""
from flask import Blueprint

from portal.audit.models import AuditEvent, record  # noqa: F401  (services call audit.record)

bp = Blueprint("audit", __name__, url_prefix="/audit")
