"""grants pages (routes are added by the grants domain)."""
from portal.grants import bp  # noqa: F401
