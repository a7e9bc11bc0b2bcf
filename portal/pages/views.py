"""Public pages: home, language choice, privacy."""
from datetime import date

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from portal import i18n
from portal.access import public
from portal.db import get_session
from portal.eligibility.services import open_calls
from portal.urls import safe_next

bp = Blueprint("pages", __name__)

YEAR = 365 * 24 * 3600


@bp.get("/")
@public
def home():
    """What Mizani is, the open calls, and the way to 'can I apply?'."""
    return render_template("pages/home.html", calls=open_calls(get_session(), date.today()))


@bp.get("/privacy")
@public
def privacy():
    return render_template("pages/privacy.html")


@bp.post("/language")
@public
def choose_language():
    """Save the chosen language (on the user, and in a cookie for visitors), then go back."""
    code = request.form.get("lang")
    target = safe_next(request.form.get("next")) or url_for("pages.home")
    response = make_response(redirect(target))
    if code in i18n.languages():
        response.set_cookie(i18n.LANGUAGE_COOKIE, code, max_age=YEAR, httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
        if current_user.is_authenticated:
            current_user.locale = code
            session = get_session()
            session.add(current_user)
            session.commit()
    return response
