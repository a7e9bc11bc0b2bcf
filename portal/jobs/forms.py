"""The retry button: a POST with the run's key and a CSRF token."""
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class RetryForm(FlaskForm):
    key = HiddenField(validators=[DataRequired()])
