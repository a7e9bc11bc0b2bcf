"""Who sees which dashboard, and what it shows: the funding status, breakdowns with their
charts, speed, reports and the viewer's own contribution, formatted in her language."""
import pytest

from factories import make_donor, make_fund, make_staff, make_user
from helpers import sign_in
from tests.dashboards.support import give


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_a_donor_lists_and_opens_only_the_funds_she_gave_to(client, db, world):
    other = make_fund(db, code="other")
    db.commit()
    sign_in(client, "norad@example.org")
    listing = page(client, "/dashboards/")
    assert f"/dashboards/{world.fund.id}" in listing and f"/dashboards/{other.id}" not in listing
    assert client.get(f"/dashboards/{other.id}").status_code == 404
    assert client.get(f"/dashboards/{other.id}/countries.csv").status_code == 404
    assert client.get("/dashboards/999999").status_code == 404


def test_a_donor_without_contributions_sees_no_fund(client, db, world):
    make_user(db, email="new-donor@example.org", roles=("donor",))
    db.commit()
    sign_in(client, "new-donor@example.org")
    assert f"/dashboards/{world.fund.id}" not in page(client, "/dashboards/")
    assert client.get(f"/dashboards/{world.fund.id}").status_code == 404


@pytest.mark.parametrize("role", ["fund_manager", "finance_officer", "admin"])
def test_staff_see_every_fund_without_a_your_contribution_section(client, db, world, role):
    make_staff(db, email="staff@example.org", roles=(role,))
    db.commit()
    sign_in(client, "staff@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    assert "Funding status" in html and "By country" in html and "Your contribution" not in html
    assert ("Publish the transparency page" in html) == (role != "finance_officer")


def test_the_dashboard_shows_the_funding_status_breakdowns_and_charts(client, db, world):
    sign_in(client, "norad@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    for title in ("Funding status", "Contributions by donor", "By country", "By tier", "By theme",
                  "By language the application was written in", "Organisations reached", "Speed",
                  "Reports due, received and accepted", "Your contribution", "Stories shared by grantees"):
        assert title in html, title
    assert "Democratic Republic of the Congo" in html or "Congo - Kinshasa" in html
    assert html.count('<svg class="chart"') >= 4 and 'role="img"' in html and "<desc id=" in html
    assert "$70,000.00" in html  # contributions received: 50,000 + 20,000


def test_your_contribution_shows_only_the_viewers_own_money(client, db, world):
    sign_in(client, "egalite@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    your = html[html.index('id="h-your_money"'):html.index('id="h-your_countries"')]
    assert "Theme: Women&#39;s participation" in your and "$20,000.00" in your
    assert "Not earmarked (pooled)" not in your  # Norad's pooled money is not hers


def test_the_dashboard_is_in_the_viewers_language_and_mirrored_in_arabic(client, db, world):
    make_user(db, email="amal@example.org", roles=("fund_manager",), locale="ar")
    db.commit()
    sign_in(client, "amal@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    assert 'dir="rtl"' in html and 'direction="rtl"' in html
    assert "US$" in html and "٬" in html or "," in html


def test_every_table_downloads_as_csv_and_xlsx(client, db, world):
    from io import BytesIO

    from openpyxl import load_workbook
    sign_in(client, "norad@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    for key in ("funding", "donors", "exchange", "countries", "tiers", "themes", "languages", "organisations", "consortia",
                "speed", "reports", "your_money", "your_countries", "your_themes", "your_tiers", "stories"):
        assert key == "exchange" or f"/dashboards/{world.fund.id}/{key}.csv" in html, key
        csv_file = client.get(f"/dashboards/{world.fund.id}/{key}.csv")
        assert csv_file.status_code == 200 and csv_file.get_data().startswith(b"\xef\xbb\xbf"), key
        xlsx = client.get(f"/dashboards/{world.fund.id}/{key}.xlsx")
        assert xlsx.status_code == 200, key
        load_workbook(BytesIO(xlsx.get_data()), read_only=True)
    assert client.get(f"/dashboards/{world.fund.id}/nonsense.csv").status_code == 404


def test_an_individual_donor_is_never_named_on_the_dashboard(client, db, world):
    world.donors["Jane Private"] = make_donor(db, name="Jane Private", kind="individual")
    give(db, world, "Jane Private", 10_000)
    db.commit()
    sign_in(client, "norad@example.org")
    html = page(client, f"/dashboards/{world.fund.id}")
    assert "Jane Private" not in html and "Individual donor" in html
    assert "Jane Private" not in client.get(f"/dashboards/{world.fund.id}/donors.csv").get_data(as_text=True)


def test_individual_donors_share_one_line_per_currency(client, db, world):
    for name, amount in (("Jane Private", 10_000), ("Amina Private", 25_000)):
        world.donors[name] = make_donor(db, name=name, kind="individual")
        give(db, world, name, amount)
    db.commit()
    sign_in(client, "norad@example.org")
    rows = client.get(f"/dashboards/{world.fund.id}/donors.csv").get_data(as_text=True).splitlines()
    individuals = [row for row in rows if row.split(",")[1] == "individual"]
    assert len(individuals) == 1 and individuals[0].split(",")[2] == world.fund.currency
    assert individuals[0].split(",")[3] == "350.00"
