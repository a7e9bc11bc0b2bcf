"""Publication flags of a grant: "do not publish" and the grantee's consent to share her story.

A grantee at risk must be able to hide herself at once, so the applying organisation may turn
"do not publish" on (only a fund manager, who checks the risk has passed, turns it off); story
consent is hers alone to give or withdraw. Fund managers may flag a grant they know is at
risk. Dashboards and the public page read both flags (portal/dashboards).
"""
from flask import abort, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField

from portal import audit
from portal.access import acting_user, roles
from portal.dashboards import tallies
from portal.db import get_session
from portal.grants import bp
from portal.grants.permissions import MANAGERS, viewing
from portal.outcome import carry_out


class PublicationForm(FlaskForm):
    do_not_publish = BooleanField()
    story_consent = BooleanField()


def set_publication(session, *, grant, actor, grantee, manager, do_not_publish, story_consent):
    """Apply what this person may change; returns the audited (before, after) or None if nothing
    changed. The grant's row is locked and read afresh first: two changes at once, or a change
    and a payment, must not both start from the same "before" (the dashboard tallies move by it)."""
    session.flush()  # what the caller changed is kept: refresh reads the row, it does not merge
    session.refresh(grant, with_for_update=True)
    before = {"do_not_publish": grant.do_not_publish, "story_consent": grant.story_consent}
    if manager:
        grant.do_not_publish = do_not_publish
    elif grantee:
        grant.do_not_publish = grant.do_not_publish or do_not_publish
    if grantee:
        grant.story_consent = story_consent
    after = {"do_not_publish": grant.do_not_publish, "story_consent": grant.story_consent}
    if after == before:
        return None
    session.add(grant)
    audit.record(session, actor=actor, action="grant.publication", record=grant, before=before, after=after)
    session.flush()
    tallies.grant_republished(session, grant=grant, withheld_before=before["do_not_publish"])
    return before, after


@bp.post("/<int:grant_id>/publication")
@roles("applicant", *MANAGERS)
def publication(grant_id):
    """Save the grant's publication flags, as far as this person may change them."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    grantee, manager = view.may_accept, view.manager
    if not (grantee or manager):
        abort(404)
    form = PublicationForm()
    if form.validate_on_submit():
        carry_out(session, lambda: set_publication(
            session, grant=view.grant, actor=acting_user(), grantee=grantee, manager=manager,
            do_not_publish=form.do_not_publish.data, story_consent=form.story_consent.data),
            _("Your choices about publication are saved."))
    return redirect(url_for("grants.show", grant_id=grant_id, _anchor="publication"))
