"""Staff pages to configure funds, calls, tiers, questions and eligibility rules.

Every page follows one shape: validate the form, call one service, commit once, then redirect;
a refusal from the service goes back to the form next to the input it is about.
"""
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlmodel import select

from portal.access import acting_user, roles
from portal.db import get_session
from portal.domain import DomainError
from portal.eligibility.rules import CHOICE_LABELS, QUESTION_LABELS
from portal.funds import bp, forms, services
from portal.funds.models import THEMES, Call, EligibilityRule, Fund, Question, Tier

MANAGERS = ("fund_manager", "admin")


@bp.context_processor
def rule_labels():
    """Labels to read a rule as a sentence; identifiers stay untranslated in the data."""
    return {"question_labels": QUESTION_LABELS, "operator_labels": forms.OPERATOR_LABELS,
            "choice_labels": CHOICE_LABELS}


def _get(model, record_id):
    return get_session().get(model, record_id) or abort(404)


def _attach(form, error):
    """Show a service's refusal next to its input, or at the top of the page."""
    name = error.details.get("field")
    if name and name in form:
        form[name].errors.append(error.message)
    else:
        flash(str(error.message), "error")


def _submit(form, service, data, *, template, done=None, **context):
    """Validate → service(data=data(form)) → commit → redirect; on refusal re-render what was typed."""
    if form.validate_on_submit():
        session = get_session()
        try:
            record = service(session=session, data=data(form), actor=acting_user())
        except DomainError as error:
            session.rollback()
            _attach(form, error)
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(done(record) if done else url_for("funds.index"))
    return render_template(template, form=form, **context)


def _confirm_delete(remove, *, back, what):
    """GET asks for confirmation; POST deletes (nothing is deleted by following a link)."""
    form = FlaskForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            remove(session=session, actor=acting_user())
        except DomainError as error:
            session.rollback()
            flash(str(error.message), "error")
        else:
            session.commit()
            flash(_("Deleted."), "success")
        return redirect(back)
    return render_template("funds/delete.html", form=form, what=what, back=back)


@bp.get("/")
@roles(*MANAGERS)
def index():
    """Every fund with its calls and tiers."""
    funds = get_session().exec(select(Fund).order_by(Fund.id)).all()
    return render_template("funds/index.html", funds=funds)


# --- funds and calls -------------------------------------------------------------------------
def _fund_data(form):
    data = {name: form[name].data for name in ("code", "name", "description", "currency", "default_language", "countries")}
    return {**data, "themes": [theme for theme in THEMES if theme in (form.themes.data or ())]}


@bp.route("/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_fund():
    return _submit(forms.FundForm(), services.create_fund, _fund_data, template="funds/fund_form.html", fund=None)


@bp.route("/<int:fund_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_fund(fund_id):
    """The fund's settings, with its calls below."""
    fund = _get(Fund, fund_id)
    return _submit(forms.FundForm(obj=fund), partial(services.update_fund, fund=fund), _fund_data,
                   template="funds/fund_form.html", fund=fund)


def _call_data(form):
    names = ("slug", "title", "description", "default_language", "languages", "is_rolling", "opens_on",
             "closes_on", "is_published")
    return {name: form[name].data for name in names}


def _to_call(call):
    return url_for("funds.edit_call", call_id=call.id)


@bp.route("/<int:fund_id>/calls/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_call(fund_id):
    fund = _get(Fund, fund_id)
    form = forms.CallForm(data={"default_language": fund.default_language, "languages": [fund.default_language],
                                "is_rolling": True})
    return _submit(form, partial(services.create_call, fund=fund), _call_data, template="funds/call_form.html",
                   fund=fund, call=None, done=_to_call)


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_call(call_id):
    """The call's settings, with its tiers below."""
    call = _get(Call, call_id)
    return _submit(forms.CallForm(obj=call), partial(services.update_call, call=call), _call_data,
                   template="funds/call_form.html", fund=call.fund, call=call, done=_to_call)


# --- tiers -----------------------------------------------------------------------------------
def _to_tier(record):
    """Back to the tier page from a tier, a question or a rule."""
    return url_for("funds.edit_tier", tier_id=getattr(record, "tier_id", None) or record.id)


@bp.route("/calls/<int:call_id>/tiers/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_tier(call_id):
    call = _get(Call, call_id)
    form = forms.TierForm(currency=call.fund.currency, content_language=call.default_language)
    return _submit(form, partial(services.create_tier, call=call), forms.TierForm.to_data,
                   template="funds/tier_form.html", call=call, tier=None, done=_to_tier)


@bp.route("/tiers/<int:tier_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_tier(tier_id):
    """The tier's settings, with its questions and eligibility rules below."""
    tier = _get(Tier, tier_id)
    call = tier.call
    form = forms.TierForm(data=forms.tier_initial(tier, call.fund.currency), currency=call.fund.currency,
                          content_language=call.default_language)
    return _submit(form, partial(services.update_tier, tier=tier), forms.TierForm.to_data,
                   template="funds/tier_form.html", call=call, tier=tier, done=_to_tier)


# --- questions -------------------------------------------------------------------------------
def _question_data(form):
    return {name: form[name].data for name in ("key", "position", "label", "help", "max_chars", "required")}


@bp.route("/tiers/<int:tier_id>/questions/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_question(tier_id):
    tier = _get(Tier, tier_id)
    form = forms.QuestionForm(content_language=tier.call.default_language, data={"position": len(tier.questions)})
    return _submit(form, partial(services.add_question, tier=tier), _question_data,
                   template="funds/question_form.html", tier=tier, question=None, done=_to_tier)


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_question(question_id):
    question = _get(Question, question_id)
    form = forms.QuestionForm(obj=question, content_language=question.tier.call.default_language)
    return _submit(form, partial(services.update_question, question=question), _question_data,
                   template="funds/question_form.html", tier=question.tier, question=question, done=_to_tier)


@bp.route("/questions/<int:question_id>/delete", methods=["GET", "POST"])
@roles(*MANAGERS)
def delete_question(question_id):
    question = _get(Question, question_id)
    return _confirm_delete(partial(services.delete_question, question=question),
                           back=url_for("funds.edit_tier", tier_id=question.tier_id),
                           what=_("the question %(key)s", key=question.key))


# --- eligibility rules -----------------------------------------------------------------------
def _rule_form(tier, field, rule=None):
    """The rule form with the answers of `field`; for countries, the fund's (and the rule's own)."""
    countries = sorted({*tier.call.fund.countries, *(rule.value if rule else ())}) if field == "country" else ()
    return forms.RuleForm(obj=rule, field=field, countries=countries, content_language=tier.call.default_language)


def _rule_data(form):
    return {name: form[name].data for name in ("operator", "value", "explanation")}


@bp.route("/tiers/<int:tier_id>/rules/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_rule(tier_id):
    """Two steps without JavaScript: choose the question, then the condition and its answers."""
    tier = _get(Tier, tier_id)
    chooser = forms.RuleFieldForm(request.args)
    if not (request.args and chooser.validate()):
        return render_template("funds/rule_field.html", form=chooser, tier=tier)
    field = chooser.field.data
    return _submit(_rule_form(tier, field), partial(services.add_rule, tier=tier),
                   lambda form: {"field": field, **_rule_data(form)}, template="funds/rule_form.html",
                   tier=tier, rule=None, question_label=QUESTION_LABELS[field], done=_to_tier)


@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_rule(rule_id):
    rule = _get(EligibilityRule, rule_id)
    if rule.field not in QUESTION_LABELS:
        abort(404)
    return _submit(_rule_form(rule.tier, rule.field, rule), partial(services.update_rule, rule=rule), _rule_data,
                   template="funds/rule_form.html", tier=rule.tier, rule=rule,
                   question_label=QUESTION_LABELS[rule.field], done=_to_tier)


@bp.route("/rules/<int:rule_id>/delete", methods=["GET", "POST"])
@roles(*MANAGERS)
def delete_rule(rule_id):
    rule = _get(EligibilityRule, rule_id)
    return _confirm_delete(partial(services.delete_rule, rule=rule),
                           back=url_for("funds.edit_tier", tier_id=rule.tier_id),
                           what=_("the rule on %(question)s", question=QUESTION_LABELS.get(rule.field, rule.field)))
from portal.funds import statement_views  # noqa: E402,F401
