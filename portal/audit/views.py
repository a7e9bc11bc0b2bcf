"""audit pages (routes are added by the audit domain)."""
from portal.audit import bp  # noqa: F401
