"""finance pages (routes are added by the finance domain)."""
from portal.finance import bp  # noqa: F401
