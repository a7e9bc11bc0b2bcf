"""Test helpers that use the portal the way a browser does (CSRF tokens included)."""
import re

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, url):
    page = client.get(url)
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def post_form(client, url, data=None, *, page=None, **kwargs):
    """POST `data` to `url` with the CSRF token of `page` (default: `url` itself)."""
    payload = {"csrf_token": csrf_token(client, page or url), **(data or {})}
    return client.post(url, data=payload, **kwargs)


def sign_in(client, email, password="correct horse battery"):
    response = post_form(client, "/accounts/sign-in", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
