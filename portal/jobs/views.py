"""`/jobs/`: what the background queue is doing, and the failures an admin must look at."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_pgettext as _p

from portal.access import roles
from portal.db import get_session
from portal.domain import DomainError
from portal.jobs import bp, services
from portal.jobs.forms import RetryForm

STATUS_LABELS = {
    "queued": _p("job status", "Waiting"),
    "running": _p("job status", "Running"),
    "done": _p("job status", "Done"),
    "failed": _p("job status", "Failed"),
}


@bp.get("/")
@roles("admin")
def index():
    """Counts by status and the runs that failed after their last retry, each with a retry button."""
    session = get_session()
    return render_template("jobs/index.html", counts=services.counts_by_status(session),
                           failed=services.failed_runs(session), form=RetryForm(formdata=None),
                           labels=STATUS_LABELS)


@bp.post("/retry")
@roles("admin")
def retry():
    """Run a failed job again (its attempts keep counting)."""
    form = RetryForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            services.retry(session=session, key=form.key.data)
        except DomainError as error:
            session.rollback()
            flash(error.message, "error")
        else:
            session.commit()
            flash(_("The job is queued again."), "success")
    return redirect(url_for("jobs.index"))
