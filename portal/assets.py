"""Static assets served with a content hash in the URL, pre-gzipped, cached for a year.

Phones on 2G download the stylesheet and script once; a new release changes the hash.
"""
import gzip
import hashlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from portal.access import public

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {".css": "text/css; charset=utf-8", ".js": "application/javascript; charset=utf-8"}
YEAR = 365 * 24 * 3600

bp = Blueprint("assets", __name__)


def load_assets():
    """Read every asset once: {name: (hash, raw bytes, gzipped bytes)}."""
    table = {}
    for path in sorted(STATIC.iterdir()):
        if path.suffix in TYPES:
            raw = path.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()[:12]
            table[path.name] = (digest, raw, gzip.compress(raw, compresslevel=9, mtime=0))
    return table


def asset_url(name):
    digest = current_app.extensions["assets"][name][0]
    return f"/assets/{digest}/{name}"


@bp.get("/assets/<digest>/<name>")
@public
def serve(digest, name):
    """Serve an asset; unknown or stale hashes are 404 so caches never keep a wrong version."""
    entry = current_app.extensions["assets"].get(name)
    if entry is None or entry[0] != digest:
        abort(404)
    _, raw, packed = entry
    use_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(packed if use_gzip else raw, mimetype=TYPES[Path(name).suffix].split(";")[0])
    response.headers["Content-Type"] = TYPES[Path(name).suffix]
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def init_app(app):
    app.extensions["assets"] = load_assets()
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
