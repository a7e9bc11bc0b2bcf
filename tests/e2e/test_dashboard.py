"""The donor's dashboard and the public transparency page in Chromium, in English and Arabic:
axe-core finds no violation, the page needs no JavaScript and asks nothing of another origin,
and in Arabic the bar charts are mirrored (labels on the right, bars growing leftwards)."""
import pytest

from e2e_support import PASSWORD, axe_violations, describe_violations, screenshot, sign_in
from tests.dashboards.support import standard_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(app, db):
    world = standard_world(db)
    world.fund.is_public = True
    db.add(world.fund)
    db.commit()
    return world


def chart_geometry(page):
    """(label's x, bar's x) of the first bar of the first chart, in screen pixels."""
    label = page.locator("svg.chart text").first.bounding_box()
    bar = page.locator("svg.chart rect").first.bounding_box()
    return label["x"], bar["x"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_donors_dashboard_is_accessible_and_mirrors_in_arabic(open_page, world, lang):
    page = open_page(locale=lang)
    sign_in(page, "norad@example.org", PASSWORD)
    response = page.goto(f"/dashboards/{world.fund.id}")
    assert response.status == 200 and page.locator("svg.chart").count() >= 4
    violations = axe_violations(page)
    assert violations == [], f"dashboard [{lang}]\n{describe_violations(violations)}"
    label_x, bar_x = chart_geometry(page)
    assert (label_x > bar_x) == (lang == "ar"), (lang, label_x, bar_x)
    assert open_page.log(page).foreign_requests() == [] and open_page.log(page).console_errors == []
    screenshot(page, f"dashboard-{lang}")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_public_page_is_accessible_without_javascript(open_page, world, lang):
    page = open_page(locale=lang, java_script_enabled=False)
    response = page.goto(f"/dashboards/{world.fund.id}/public")
    assert response.status == 200 and page.locator("svg.chart").count() >= 4
    audit = open_page(locale=lang)
    audit.goto(f"/dashboards/{world.fund.id}/public")
    violations = axe_violations(audit)
    assert violations == [], f"public page [{lang}]\n{describe_violations(violations)}"
    assert open_page.log(page).foreign_requests() == []
