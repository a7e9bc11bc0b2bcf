"""Every route declares who may use it.

A view without one of these decorators makes `create_app` fail, so an undeclared page can
never ship. Object-level checks (an applicant sees only her organisation's records) live in
each domain's `permissions.py`.
"""
from functools import wraps

from flask import abort
from flask_login import current_user

from portal.extensions import login_manager


def public(view):
    """Anyone, signed in or not, may use this route."""
    view.access = ("public",)
    return view


def signed_in(view):
    """Any signed-in user may use this route (object checks still apply)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapper.access = ("signed_in",)
    return wrapper


def roles(*names):
    """Only signed-in users holding one of these roles may use this route."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_any_role(names):
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = tuple(names)
        return wrapper

    return decorator


def check_every_route_declared(app):
    """Fail fast if any endpoint lacks an access declaration."""
    undeclared = sorted(
        endpoint for endpoint, view in app.view_functions.items() if not hasattr(view, "access")
    )
    if undeclared:
        raise RuntimeError(f"Routes without an access declaration: {', '.join(undeclared)}")


def acting_user():
    """The signed-in user as a plain record, for services and the audit log (not the proxy)."""
    return current_user._get_current_object()
