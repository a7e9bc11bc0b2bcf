"""Translated error pages: never a stack trace, always a way back."""
import logging

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in the request was not right"), _l("Please go back and try again.")),
    403: (_l("You do not have access to this page"), _l("If you think this is a mistake, sign in with the right account.")),
    404: (_l("Page not found"), _l("The page may have moved, or the link may be incomplete.")),
    405: (_l("Something in the request was not right"), _l("Please go back and try again.")),
    413: (_l("The file is too large"), _l("Please choose a smaller file and try again. What you typed has been kept.")),
    500: (_l("Something went wrong on our side"), _l("Your work has been kept. Please try again in a few minutes.")),
}


def render_error(code):
    title, detail = MESSAGES[code]
    return render_template("errors/error.html", title=title, detail=detail, code=code), code


def handle_csrf(_error):
    title = _l("This form has expired")
    detail = _l("For your safety, please go back, reload the page and send it again.")
    return render_template("errors/error.html", title=title, detail=detail, code=400), 400


def handle_unexpected(error):
    if isinstance(error, HTTPException):
        return error
    log.exception("Unhandled error", exc_info=error)
    return render_error(500)


def init_app(app):
    for code in MESSAGES:
        app.register_error_handler(code, lambda _e, code=code: render_error(code))
    app.register_error_handler(CSRFError, handle_csrf)
    if not (app.testing or app.config.get("PROPAGATE_EXCEPTIONS")):
        app.register_error_handler(Exception, handle_unexpected)
