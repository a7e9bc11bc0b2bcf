"""Response hardening and compression for 2G phones.

No third-party origin may load on any page (CSP `default-src 'self'`), signed-in pages are
never stored by the browser or a shared phone's cache, and text responses are gzipped.
"""
import gzip

from flask import request
from flask_login import current_user

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
COMPRESSIBLE = ("text/html", "text/css", "application/javascript", "text/csv", "application/json")
MIN_COMPRESS_BYTES = 500


def secure_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def compress(response):
    """Gzip text responses when the browser accepts it (assets come pre-compressed; streamed
    exports stay streamed rather than being read whole into memory)."""
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200
        or response.status_code >= 300
        or "Content-Encoding" in response.headers
        or (response.mimetype not in COMPRESSIBLE)
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    body = response.get_data()
    if len(body) < MIN_COMPRESS_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding, Cookie"
    return response


def init_app(app):
    app.after_request(compress)
    app.after_request(secure_headers)
