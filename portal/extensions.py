"""Flask extensions, created unbound so every module can import them."""
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from flask_babel import lazy_gettext as _l

login_manager = LoginManager()
csrf = CSRFProtect()


def init_app(app):
    """Bind sign-in and CSRF protection to the app."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    csrf.init_app(app)
