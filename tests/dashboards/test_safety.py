"""Safety (issue 5 §7–8): grants flagged "do not publish" never appear by name, and cells about
1–4 grants, organisations or reports never appear, on the dashboard, in its CSV and XLSX files
and on the public page; a suppressed cell cannot be recovered from its table's total; donors
never read contact, payee or narrative data unless the grantee shared her story."""
import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from factories import make_staff
from helpers import sign_in
from portal.dashboards import queries
from portal.dashboards.dashboard import PUBLIC_TABLES, YOUR_TABLES
from portal.dashboards.suppression import MIN_COUNT
from portal.reports.models import Report
from tests.dashboards.support import GrantSpec, add_grants

#: The grant at risk, any person's address, the payee details given for every paid grant.
SECRETS = ("Secret Sisters Kabul", "@example.org", "+243812345678", "243812345678", "M-Pesa")
#: Columns that count grants, organisations, decisions or reports.
COUNTS = ("grants", "organisations", "reports", "overdue", "decisions", "paid_grants")
TABLES = PUBLIC_TABLES + YOUR_TABLES + ("stories",)


@pytest.fixture
def reports_written(db, world):
    """An accepted report with a narrative on every paid grant; only one grantee shared her story."""
    for report in db.exec(select(Report)).all():
        report.status, report.answers = "accepted", {"what_changed": f"Private narrative {report.grant_id}"}
        db.add(report)
    shared = next(g for g in world.grants if g.story_consent and not g.do_not_publish)
    db.commit()
    return shared


def downloads(client, prefix, keys):
    """{table key: rows as text} for every table, from both the CSV and the XLSX."""
    files = {}
    for key in keys:
        response = client.get(f"{prefix}/{key}.csv")
        assert response.status_code == 200, key
        files[f"{key}.csv"] = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
        response = client.get(f"{prefix}/{key}.xlsx")
        sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
        files[f"{key}.xlsx"] = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return files


def assert_safe(html, files, shared_story=None):
    """No secret, no narrative but the shared one, and no count of 1–4 in any count column."""
    text = html + repr(files)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Private narrative" not in (text.replace(shared_story, "") if shared_story else text)
    for name, rows in files.items():
        header = rows[0]
        for column in (c for c in COUNTS if c in header):
            at = header.index(column)
            for row in rows[1:]:
                value = row[at]
                assert value in ("", "suppressed") or not 0 < int(value) < MIN_COUNT, (name, column, row)


@pytest.mark.parametrize("who", ["norad@example.org", "egalite@example.org", "staff"])
def test_dashboards_and_their_files_never_name_a_grant_at_risk_or_show_a_small_cell(client, db, world, reports_written, who):
    story = f"Private narrative {reports_written.id}"
    tables = TABLES
    if who == "staff":
        who = make_staff(db, email="fm@example.org", roles=("fund_manager",)).email
        tables = tuple(key for key in TABLES if key not in YOUR_TABLES)
        db.commit()
    sign_in(client, who)
    html = client.get(f"/dashboards/{world.fund.id}").get_data(as_text=True)
    assert "Mama Amani Story" in html and story in html  # consented: named, with her story
    assert_safe(html, downloads(client, f"/dashboards/{world.fund.id}", tables), shared_story=story)


def test_the_public_page_follows_the_same_rules_without_donor_only_tables(client, db, world, reports_written):
    world.fund.is_public = True
    db.add(world.fund)
    db.commit()
    html = client.get(f"/dashboards/{world.fund.id}/public").get_data(as_text=True)
    assert "By country" in html and "Mama Amani Story" not in html and "Your contribution" not in html
    assert_safe(html, downloads(client, f"/dashboards/{world.fund.id}/public", PUBLIC_TABLES))
    for key in YOUR_TABLES + ("stories",):
        assert client.get(f"/dashboards/{world.fund.id}/public/{key}.csv").status_code == 404


def test_small_groups_are_combined_never_named_and_add_up_to_the_total(client, db, world):
    sign_in(client, "norad@example.org")
    groups = queries.grant_groups(db, world.fund.id)
    for key, dimension in (("countries", "country"), ("themes", "theme"), ("languages", "language")):
        rows = list(csv.reader(io.StringIO(client.get(f"/dashboards/{world.fund.id}/{key}.csv").get_data().decode("utf-8-sig"))))
        true_counts = {str(group.key): group.grants for group in groups[dimension]}
        small = {name for name, count in true_counts.items() if 0 < count < MIN_COUNT}
        assert small, key  # the world has small groups in each of these
        named = [row[1] for row in rows[1:-2]]
        assert not small & set(named), (key, named)
        assert rows[-2][1] == "other" and int(rows[-2][2]) >= MIN_COUNT
        assert int(rows[-2][2]) == sum(count for name, count in true_counts.items() if name not in named)
        assert rows[-1][1] == "total" and int(rows[-1][2]) == sum(true_counts.values())


def test_a_grantee_at_risk_is_counted_in_the_totals(client, db, world):
    sign_in(client, "norad@example.org")
    rows = list(csv.reader(io.StringIO(client.get(f"/dashboards/{world.fund.id}/countries.csv").get_data().decode("utf-8-sig"))))
    assert int(rows[-1][2]) == len(world.grants)  # the Afghan grant is in the total
    assert "AF" not in {row[1] for row in rows}  # not even as a suppressed row: merged into "other"


def test_a_closed_fund_has_no_public_page(client, db, world):
    assert client.get(f"/dashboards/{world.fund.id}/public").status_code == 404
    assert client.get(f"/dashboards/{world.fund.id}/public/funding.csv").status_code == 404


def table(client, prefix, key):
    """{row label: the cells after it} of one table's CSV (money tables start with the currency)."""
    rows = list(csv.reader(io.StringIO(client.get(f"{prefix}/{key}.csv").get_data().decode("utf-8-sig"))))
    start = 1 if rows[0][0] == "currency" else 0
    return {row[start]: row[start + 1:] for row in rows[1:]}


def test_the_public_page_counts_only_what_the_open_data_publishes(client, db, world):
    """A country's public figures less the grants published there in the open data must leave
    nothing, or the difference would be the grant at risk: grants flagged "do not publish" (here
    the Afghan grant and a paid consortium of three in Rwanda) are left out of every public
    breakdown, yet still counted on the donors' dashboard."""
    add_grants(db, world, [GrantSpec("RW", "participation", "rw", 300_000, name="Hidden Lead", members=3,
                                     do_not_publish=True, paid=True)])
    world.fund.is_public = True
    db.add(world.fund)
    db.commit()
    published = json.loads(client.get(f"/opendata/{world.fund.id}/360giving.json").get_data())["grants"]
    by_country = {}
    for record in published:  # one record per member of a consortium, each with its siblings
        code = record["beneficiaryLocation"][0]["countryCode"]
        count, awarded = by_country.get(code, (0, Decimal(0)))
        by_country[code] = (count + Fraction(1, 1 + len(record.get("relatedActivity", []))),
                            awarded + Decimal(str(record["amountAwarded"])))
    public = f"/dashboards/{world.fund.id}/public"

    countries = table(client, public, "countries")
    for code, (grants, awarded, _paid) in countries.items():
        if code not in ("other", "total"):
            assert by_country[code] == (int(grants), Decimal(awarded)), code
    assert int(countries["total"][0]) == sum(count for count, _ in by_country.values()) == len(world.grants) - 2
    assert Decimal(countries["total"][1]) == sum(awarded for _, awarded in by_country.values())
    assert int(table(client, public, "organisations")["reached"][0]) == len({r["recipientOrganization"][0]["id"] for r in published})
    assert table(client, public, "consortia")["3"][0] == "5"

    sign_in(client, "norad@example.org")
    private = f"/dashboards/{world.fund.id}"
    assert int(table(client, private, "countries")["total"][0]) == len(world.grants)
    assert table(client, private, "consortia")["3"][0] == "6"
    assert int(table(client, private, "organisations")["reached"][0]) == int(table(client, public, "organisations")["reached"][0]) + 4
