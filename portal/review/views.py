"""review pages (routes are added by the review domain)."""
from portal.review import bp  # noqa: F401
