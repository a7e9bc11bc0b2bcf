"""Response hardening: CSP, no third-party origins, no-store when signed in, compression, caching."""
import gzip
import re

import pytest

from config import ROOT
from factories import make_user
from helpers import sign_in


def test_every_page_sets_a_self_only_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_or_asset_names_a_third_party_origin():
    urls = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)
    offenders = []
    for path in list((ROOT / "templates").rglob("*.html")) + list((ROOT / "portal" / "static").iterdir()):
        offenders += [(path.name, match) for match in urls.findall(path.read_text())]
    assert offenders == []


def test_signed_in_pages_are_never_stored(client, db):
    make_user(db)
    db.commit()
    sign_in(client, "amina@example.org")
    assert client.get("/accounts/").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_http_only_and_same_site(client):
    cookie = client.get("/eligibility/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    import config
    assert config.ProductionConfig.SESSION_COOKIE_SECURE and config.ProductionConfig.REMEMBER_COOKIE_SECURE


def test_html_is_gzipped_for_browsers_that_accept_it(client):
    response = client.get("/eligibility/", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.data)


def test_assets_have_hashed_urls_and_long_cache(client, app):
    page = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/assets/[0-9a-f]{12}/app\.css)"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert client.get(css.replace(css.split("/")[2], "000000000000")).status_code == 404


def test_production_config_refuses_to_start_without_secrets(monkeypatch):
    import config
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.ProductionConfig.check()


def test_open_redirects_are_refused(client):
    from portal.urls import safe_next
    assert safe_next("https://evil.example/") is None and safe_next("//evil.example") is None
    assert safe_next("/applications/") == "/applications/"


def test_unexpected_errors_show_a_page_without_a_trace(app, db):
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")
    boom.access = ("public",)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong on our side" in body and "secret internals" not in body and "Traceback" not in body
