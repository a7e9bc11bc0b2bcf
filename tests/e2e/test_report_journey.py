"""A grantee in Swahili sends her report from a cheap phone without JavaScript (spend summary
included); the fund manager accepts it in her own browser; the tranche that waited for it
becomes payable and the fund's dashboard shows the reported expenditure. The report page is checked at 320 px in Swahili and Arabic (right to left),
within the page-weight budget, with axe-core's 0 violations."""
import pytest
from sqlmodel import select

from e2e_support import BUDGET_BYTES, BUDGET_REQUESTS, PASSWORD, PHONE, phone_ready, press, screenshot, sign_in, weight
from portal.grants.models import Tranche
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.posting import balance
from portal.reports.models import Report
from tests.reports.support import paid_grant

pytestmark = pytest.mark.e2e


@pytest.fixture
def arranged(db):
    world, grant = paid_grant(db)
    interim = db.exec(select(Report).where(Report.grant_id == grant.id, Report.key == "interim")).one()
    return world, grant, interim


def write_report(page, share_id):
    page.fill('textarea[name="answer_what_changed"]', "Wanawake arobaini walijifunza kusoma na kuandika.")
    page.fill('textarea[name="answer_challenges"]', "Mvua ilikata barabara kwa wiki mbili.")
    page.select_option('select[name="written_language"]', "sw")
    page.fill(f'input[name="spend_{share_id}_activities"]', "1500")
    page.fill(f'input[name="spend_{share_id}_transport"]', "250.50")


def test_a_swahili_grantee_reports_and_the_fund_manager_accepts(open_page, db, arranged):
    world, grant, interim = arranged
    share = grant.shares[0]
    path = f"/reports/{interim.id}"
    grantee = open_page(locale="sw", viewport=PHONE, java_script_enabled=False)
    sign_in(grantee, world.applicant.email, PASSWORD)
    grantee.goto("/reports/")
    with grantee.expect_navigation():
        grantee.locator(f'a[href="{path}"]').click()
    assert grantee.evaluate("document.documentElement.lang") == "sw"
    phone_ready(open_page, grantee, "report form (sw)")
    write_report(grantee, share.id)
    press(grantee, 'main form[data-autosave]')  # "Save draft" without JavaScript
    grantee.reload()
    assert grantee.input_value('textarea[name="answer_what_changed"]').startswith("Wanawake arobaini")
    total, requests, log = weight(open_page, grantee.context.storage_state(), path)
    print(f"\nreport form (sw): {requests} requests, {total} bytes transferred")
    assert total <= BUDGET_BYTES and requests <= BUDGET_REQUESTS and log.foreign_requests() == []
    press(grantee, f'form[action="{path}/send"]')
    phone_ready(open_page, grantee, "report sent (sw)")

    manager = open_page(locale="en")
    sign_in(manager, world.manager.email, PASSWORD)
    manager.goto("/reports/?status=submitted")
    assert path in manager.content()
    manager.goto(path)
    assert "Wanawake arobaini" in manager.content()
    press(manager, f'form[action="{path}/accept"]')
    assert "The report is accepted." in manager.content()
    manager.goto(f"/dashboards/{world.fund.id}")  # the fund's dashboard reflects it at once
    assert "1,750.50" in manager.locator('tr:has(th:text-is("Reported expenditure"))').first.inner_text()

    db.expire_all()
    assert db.get(Report, interim.id).status == "accepted"
    assert db.exec(select(Tranche.status).where(Tranche.after_report == "interim")).one() == "payable"
    assert balance(db, accounts.spent(world.fund, share.id).code) == 175_050
    assert check(db) == []


def test_the_report_form_in_arabic_mirrors_and_works_with_javascript(open_page, db, arranged):
    world, grant, interim = arranged
    page = open_page(locale="ar", viewport=PHONE)
    sign_in(page, world.applicant.email, PASSWORD)
    page.goto(f"/reports/{interim.id}")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    phone_ready(open_page, page, "report form (ar)")
    with page.expect_response(lambda response: response.request.method == "POST", timeout=15_000) as autosave:
        write_report(page, grant.shares[0].id)
    assert autosave.value.ok
    screenshot(page, "report-form-ar")
    db.expire_all()
    report = db.get(Report, interim.id)
    assert report.answers["what_changed"].startswith("Wanawake arobaini")  # autosaved on the server
    assert report.parts[0].spend == {"activities": 150_000, "transport": 25_050}
