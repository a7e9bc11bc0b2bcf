"""Applications: the tier's short form, drafts, submission, status, withdrawal, consortia."""
from flask import Blueprint

bp = Blueprint("applications", __name__, url_prefix="/applications")
