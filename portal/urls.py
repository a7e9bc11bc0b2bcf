"""URL helpers shared by views."""
from urllib.parse import urlsplit


def safe_next(target):
    """Only same-site relative paths may be redirect targets (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
