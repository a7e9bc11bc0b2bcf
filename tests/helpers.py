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


ELIGIBLE = {"group_kind": "women_group", "registered": "no", "women_led": "yes", "country": "CD",
            "budget_band": "under_10k", "purpose": "emergency"}


def answer_eligibility(client, answers=ELIGIBLE):
    response = post_form(client, "/eligibility/", answers)
    assert response.status_code == 302


def start_draft(client, tier_id):
    response = post_form(client, f"/applications/start/{tier_id}", page=f"/applications/start/{tier_id}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/applications/(\d+)/edit", response.headers["Location"]).group(1))


def draft_data(tier, **overrides):
    data = {f"answer_{q.key}": f"Answer to {q.key}" for q in tier.questions}
    data.update({"written_language": "sw", "requested": "5000", "local_currency": "", "local_amount": ""})
    data.update(overrides)
    return data


def signed_in_applicant(client, db, **tier_fields):
    """A tier, an applicant signed in who has answered the eligibility check: returns the tier."""
    from factories import make_applicant, make_tier
    tier = make_tier(db, **tier_fields)
    make_applicant(db)
    db.commit()
    answer_eligibility(client)
    sign_in(client, "amina@example.org")
    return tier


def saved_draft(client, db, **tier_fields):
    """A signed-in applicant's draft with every answer filled: returns (tier, application id)."""
    tier = signed_in_applicant(client, db, **tier_fields)
    application_id = start_draft(client, tier.id)
    post_form(client, f"/applications/{application_id}/edit", {**draft_data(tier), "action": "save"})
    return tier, application_id


def submit(client, application_id, key="key"):
    return post_form(client, f"/applications/{application_id}/submit", {"submission_key": key},
                     page=f"/applications/{application_id}/review")
