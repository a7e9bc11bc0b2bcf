"""The fund manager's switch for the public transparency page."""
from flask_wtf import FlaskForm
from wtforms import BooleanField


class PublicPageForm(FlaskForm):
    """One button: `is_public` is sent when the page is to be published, left out to take it down."""

    is_public = BooleanField()
