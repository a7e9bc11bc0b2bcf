"""The IATI activity: valid against the 2.03 XSD, every transaction type from its source of
truth, amounts to the minor unit, currencies and value dates, and no do-not-publish grant."""
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from factories import fund_with_money, make_fund
from portal.ledger import accounts
from portal.ledger.posting import balance
from portal.opendata import iati
from tests.opendata.support import HIDDEN, OpenDataWorld, iati_errors


@pytest.fixture
def scene(db):
    scene = OpenDataWorld(db)
    scene.fund.themes = ["participation", "protection", "prevention", "relief_recovery"]
    db.add(scene.fund)
    db.commit()
    return scene


def document(db, scene):
    return iati.to_bytes(iati.build_activities(db, scene.fund))


def transactions(root, code):
    """(value, currency, value date, organisation) of each transaction of one type."""
    found = []
    for element in root.iter("transaction"):
        if element.find("transaction-type").get("code") == code:
            value = element.find("value")
            org = element.find("receiver-org") if element.find("receiver-org") is not None else element.find("provider-org")
            found.append((Decimal(value.text), value.get("currency"), value.get("value-date"),
                          org.findtext("narrative") if org is not None else None))
    return found


def test_the_activity_validates_against_the_iati_schema(db, scene):
    assert iati_errors(document(db, scene)) == []


def test_the_validation_is_real_a_transaction_without_a_value_fails(db, scene):
    root = iati.build_activities(db, scene.fund)
    first = next(root.iter("transaction"))
    first.remove(first.find("value"))
    assert iati_errors(iati.to_bytes(root))


def test_gender_marker_sectors_and_basket_fund(db, scene):
    root = etree.fromstring(document(db, scene))
    marker = root.find("iati-activity/policy-marker")
    assert (marker.get("vocabulary"), marker.get("code"), marker.get("significance")) == ("1", "1", "2")
    sectors = {s.get("code"): Decimal(s.get("percentage")) for s in root.iter("sector")}
    assert sectors == {"15170": Decimal("75.00"), "15180": Decimal("25.00")}
    assert root.find("iati-activity/default-aid-type").get("code") == "B04"
    assert sum(Decimal(c.get("percentage")) for c in root.iter("recipient-country")) == 100


def test_money_in_pledges_and_receipts_in_the_donor_s_currency(db, scene):
    root = etree.fromstring(document(db, scene))
    pledged = transactions(root, iati.INCOMING_COMMITMENT)
    received = transactions(root, iati.INCOMING_FUNDS)
    assert sorted(value for value, *_ in pledged) == [Decimal("500.00"), Decimal("20000.00"), Decimal("100000.00")]
    assert "77.77" not in etree.tostring(root).decode()  # an abandoned card checkout promises nothing
    euro, = [t for t in received if t[1] == "EUR"]
    assert euro[0] == Decimal("500.00") and euro[2] == date(2026, 3, 2).isoformat()  # the rate's date
    assert sorted(value for value, *_ in received) == [Decimal("500.00"), Decimal("100000.00")]


def test_an_individual_donor_is_never_named(db, scene):
    text = document(db, scene).decode()
    assert "Jane Private" not in text and "Individual donor" in text


def test_grant_transactions_reconcile_with_the_ledger(db, scene):
    root = etree.fromstring(document(db, scene))
    fund = scene.fund
    lead, partner = scene.consortium.shares
    warda = scene.warda.shares[0]

    def minor(code, name):
        return sum(int(value.scaleb(2)) for value, currency, _d, org in transactions(root, code) if org == name)

    for name, share in (("Mama Amani", lead), ("Sauti ya Wanawake", partner), ("Warda Collective", warda)):
        held = [balance(db, ref(fund, share.id).code) for ref in (accounts.committed, accounts.disbursed, accounts.spent)]
        assert minor(iati.OUTGOING_COMMITMENT, name) == sum(held) == share.amount_minor
        assert minor(iati.DISBURSEMENT, name) == held[1] + held[2]
        assert minor(iati.EXPENDITURE, name) == held[2]
    assert minor(iati.EXPENDITURE, "Mama Amani") == 120_000
    assert minor(iati.DISBURSEMENT, "Sauti ya Wanawake") == 0  # paid, then cancelled
    assert len([t for t in transactions(root, iati.DISBURSEMENT) if t[3] == "Warda Collective"]) == 1
    assert {t[1] for code in ("2", "3", "4") for t in transactions(root, code)} == {"USD"}


def test_a_registered_recipient_carries_her_org_id_and_an_informal_group_none(db, scene):
    root = etree.fromstring(document(db, scene))
    refs = {org.findtext("narrative"): org.get("ref") for org in root.iter("receiver-org")}
    assert refs["Sauti ya Wanawake"] == "GB-CHC-1234567"
    assert refs["Mama Amani"] is None and refs["Warda Collective"] is None


def test_a_do_not_publish_grant_is_absent(db, scene):
    text = document(db, scene).decode()
    from portal.applications.models import Application
    reference = db.get(Application, scene.hidden.application_id).reference
    assert HIDDEN["name"] not in text and reference not in text
    assert "1234.57" not in text and "234.56" not in text
    assert "<location" not in text  # places stop at the fund's countries


@pytest.mark.parametrize("currency, given_minor, text", [("XOF", 2_500_000, "2500000"), ("KWD", 1_500, "1.500")])
def test_values_keep_the_currency_s_own_decimals(db, currency, given_minor, text):
    fund = make_fund(db, code=currency.lower(), currency=currency)
    fund_with_money(db, fund, given_minor)
    db.commit()
    document = iati.to_bytes(iati.build_activities(db, fund))
    assert iati_errors(document) == []
    values = {value.text for value in etree.fromstring(document).iter("value")}
    assert values == {text}
