"""Fund managers configure a tier's rubric: criteria with labels per language and weights."""
from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from portal.access import acting_user, roles
from portal.db import get_session
from portal.domain import DomainError
from portal.funds.models import Tier
from portal.review import bp, rubric
from portal.review.forms import CriterionForm
from portal.review.models import RubricCriterion
from portal.review.services import criteria_of
from portal.review.views import MANAGERS


def _get(model, record_id):
    return get_session().get(model, record_id) or abort(404)


def _save(form, service, tier, template, **context):
    """Validate → service → commit → back to the rubric; a refusal stays next to its input."""
    if form.validate_on_submit():
        session = get_session()
        try:
            service(session=session, data=form.to_data(), actor=acting_user())
        except DomainError as error:
            session.rollback()
            name = error.details.get("field")
            form[name if name in form else "key"].errors.append(error.message)
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("review.rubric", tier_id=tier.id))
    return render_template(template, form=form, tier=tier, **context)


@bp.route("/tiers/<int:tier_id>/rubric", methods=["GET", "POST"], endpoint="rubric")
@roles(*MANAGERS)
def rubric_page(tier_id):
    """The tier's criteria, and a form to add one."""
    tier = _get(Tier, tier_id)
    criteria = criteria_of(get_session(), tier.id)
    form = CriterionForm(content_language=tier.call.default_language, data={"position": len(criteria)})
    return _save(form, partial(rubric.add_criterion, tier=tier), tier, "review/rubric.html", criteria=criteria)


@bp.route("/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_criterion(criterion_id):
    criterion = _get(RubricCriterion, criterion_id)
    tier = _get(Tier, criterion.tier_id)
    form = CriterionForm(obj=criterion, content_language=tier.call.default_language)
    return _save(form, partial(rubric.update_criterion, criterion=criterion), tier, "review/criterion_form.html",
                 criterion=criterion)


@bp.route("/criteria/<int:criterion_id>/delete", methods=["GET", "POST"])
@roles(*MANAGERS)
def delete_criterion(criterion_id):
    """GET asks for confirmation; POST deletes (following a link deletes nothing)."""
    criterion = _get(RubricCriterion, criterion_id)
    back = url_for("review.rubric", tier_id=criterion.tier_id)
    form = FlaskForm()
    if form.validate_on_submit():
        session = get_session()
        rubric.delete_criterion(session=session, criterion=criterion, actor=acting_user())
        session.commit()
        flash(_("Deleted."), "success")
        return redirect(back)
    return render_template("funds/delete.html", form=form, back=back,
                           what=_("the criterion %(key)s", key=criterion.key))
