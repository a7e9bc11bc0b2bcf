"""A consortium's report: each member fills its own part (spend and a note), only the lead
writes the narrative and sends it, and acceptance books each member's spend on its own share."""
from sqlmodel import select

from helpers import post_form
from tests.finance.support import Browsers, accept, html, reread
from tests.grants.test_grant_pages import consortium_grant
from tests.reports.support import pay
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.posting import balance
from portal.reports.models import Report


def test_members_write_their_own_parts_and_the_lead_sends_the_report(app, client, db):
    browsers = Browsers(app)
    world, awarded = consortium_grant(db)
    accept(browsers("amina@example.org"), awarded.id)
    reread(db)
    lead_share, partner_share = awarded.shares
    for share in (lead_share, partner_share):
        pay(db, world, share.tranches[0], share)
    db.commit()
    report = db.exec(select(Report).where(Report.grant_id == awarded.id)).one()  # the tier's default: a final report
    url = f"/reports/{report.id}"

    partner = browsers("partner@example.org")
    page = html(partner.get(url))
    assert f'name="spend_{partner_share.id}_activities"' in page and f'name="spend_{lead_share.id}_activities"' not in page
    assert 'name="answer_what_changed"' not in page and f'action="{url}/send"' not in page
    post_form(partner, url, {f"spend_{partner_share.id}_activities": "400", f"note_{partner_share.id}": "Tulifanya mikutano sita.",
                             f"spend_{lead_share.id}_activities": "9999", "answer_what_changed": "forged",
                             "written_language": "sw", "action": "save"})
    assert post_form(partner, f"{url}/send", page=url).status_code == 404

    lead = browsers("amina@example.org")
    post_form(lead, url, {"answer_what_changed": "Redio ya jamii ilianza.", f"spend_{lead_share.id}_activities": "1000",
                          "written_language": "sw", "action": "save"})
    reread(db)
    report = db.get(Report, report.id)
    spend = {part.share_id: part.spend for part in report.parts}
    assert spend == {lead_share.id: {"activities": 100_000}, partner_share.id: {"activities": 40_000}}
    assert report.answers["what_changed"] == "Redio ya jamii ilianza."
    assert "Tulifanya mikutano sita." in html(lead.get(url))
    assert post_form(lead, f"{url}/send", page=url).status_code == 302
    post_form(browsers("manager@example.org"), f"{url}/accept", page=url)
    reread(db)
    assert db.get(Report, report.id).status == "accepted"
    assert balance(db, accounts.spent(world.fund, lead_share.id).code) == 100_000
    assert balance(db, accounts.spent(world.fund, partner_share.id).code) == 40_000
    assert check(db) == []
