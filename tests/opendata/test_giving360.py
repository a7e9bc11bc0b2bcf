"""The 360Giving package: valid against the official schema, one record per share, figures from
the ledger to the minor unit, identifiers that link up, and do-not-publish grants nowhere."""
import json
from decimal import Decimal

import pytest

from portal import money
from portal.applications.models import Application
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.posting import balance
from portal.opendata.giving360 import build_package
from portal.opendata.jsontext import dumps
from tests.opendata.support import HIDDEN, OpenDataWorld, giving360_errors


@pytest.fixture
def scene(db):
    return OpenDataWorld(db)


def package_of(db, scene):
    """The package as a reader gets it: JSON text parsed with exact decimals."""
    return json.loads(dumps(build_package(db, scene.fund)), parse_float=Decimal)


def by_recipient(package):
    return {grant["recipientOrganization"][0]["name"]: grant for grant in package["grants"]}


def test_the_package_validates_against_the_official_schema(db, scene):
    package = package_of(db, scene)
    assert giving360_errors(package) == []
    assert len(package["grants"]) == 3  # two consortium shares and Warda's grant


def test_the_validation_is_real_a_grant_without_its_currency_fails(db, scene):
    package = package_of(db, scene)
    del package["grants"][0]["currency"]
    package["grants"][1]["awardDate"] = "last spring"
    assert len(giving360_errors(package)) >= 2


def test_every_grant_is_a_funder_collaboration_regrant_from_the_open_call(db, scene):
    grants = package_of(db, scene)["grants"]
    assert {grant["regrantType"] for grant in grants} == {"FRG040"}
    assert {grant["fromOpenCall"] for grant in grants} == {"Yes"}
    assert {grant["fundingOrganization"][0]["id"] for grant in grants} == {"XM-MIZANI"}


def test_recipients_carry_an_org_id_or_a_360g_id(db, scene):
    grants = by_recipient(package_of(db, scene))
    assert grants["Sauti ya Wanawake"]["recipientOrganization"][0]["id"] == "GB-CHC-1234567"
    informal = grants["Mama Amani"]["recipientOrganization"][0]["id"]
    unnumbered = grants["Warda Collective"]["recipientOrganization"][0]["id"]
    assert informal == f"360G-mizani-org-{scene.world.organisation.id}"
    assert unnumbered.startswith("360G-mizani-org-") and unnumbered != informal


def test_consortium_shares_are_separate_grants_that_point_to_each_other(db, scene):
    grants = by_recipient(package_of(db, scene))
    lead, partner = grants["Mama Amani"], grants["Sauti ya Wanawake"]
    reference = scene.world.application.reference
    assert (lead["id"], partner["id"]) == (f"360G-mizani-{reference}-1", f"360G-mizani-{reference}-2")
    assert lead["relatedActivity"] == [partner["id"]] and partner["relatedActivity"] == [lead["id"]]
    assert (lead["amountAppliedFor"], partner["amountAppliedFor"]) == (Decimal("3000.00"), Decimal("1000.00"))
    assert "relatedActivity" not in grants["Warda Collective"]


def test_figures_reconcile_with_the_ledger_to_the_minor_unit(db, scene):
    grants = by_recipient(package_of(db, scene))
    shares = {"Mama Amani": scene.consortium.shares[0], "Sauti ya Wanawake": scene.consortium.shares[1],
              "Warda Collective": scene.warda.shares[0]}
    for name, share in shares.items():
        held = {kind: balance(db, ref(scene.fund, share.id).code)
                for kind, ref in (("committed", accounts.committed), ("disbursed", accounts.disbursed),
                                  ("spent", accounts.spent))}
        grant = grants[name]
        minor = lambda amount: money.to_minor(amount, "USD")  # noqa: E731
        assert minor(grant["amountAwarded"]) == sum(held.values()) == share.amount_minor, name
        assert minor(grant["amountDisbursed"]) == held["disbursed"] + held["spent"], name
        assert sum(minor(t["value"]) for t in grant["disbursementTransaction"]) == minor(grant["amountDisbursed"])
        assert {t["currency"] for t in grant["disbursementTransaction"]} <= {"USD"}
    assert grants["Mama Amani"]["amountDisbursed"] == Decimal("3000.00")
    assert check(db) == []


def test_a_reversed_payment_is_not_counted_as_disbursed(db, scene):
    grants = by_recipient(package_of(db, scene))
    partner, warda = grants["Sauti ya Wanawake"], grants["Warda Collective"]
    assert partner["amountDisbursed"] == Decimal("0.00") and partner["disbursementTransaction"] == []
    assert warda["amountDisbursed"] == Decimal("2500.00")  # paid, cancelled, paid again: once
    assert [t["value"] for t in warda["disbursementTransaction"]] == [Decimal("2500.00")]


def test_a_do_not_publish_grant_is_absent_by_name_id_amount_and_place(db, scene):
    text = dumps(build_package(db, scene.fund))
    application = db.get(Application, scene.hidden.application_id)
    assert HIDDEN["name"] not in text and application.reference not in text
    assert f"360G-mizani-org-{application.organisation_id}\"" not in text
    assert "1234.57" not in text and "234.56" not in text
    places = {location["countryCode"] for grant in json.loads(text)["grants"] for location in grant["beneficiaryLocation"]}
    assert HIDDEN["country"] not in places and "Lebanon" not in text


def test_places_stop_at_the_country(db, scene):
    for grant in package_of(db, scene)["grants"]:
        assert all(set(location) <= {"name", "countryCode"} for location in grant["beneficiaryLocation"])
        assert set(grant["recipientOrganization"][0]) == {"id", "name"}


def test_amounts_are_json_numbers_with_the_currency_s_exact_decimals():
    text = dumps({"usd": money.from_minor(123_457, "USD"), "xof": money.from_minor(250_000, "XOF"),
                  "kwd": money.from_minor(1_500, "KWD"), "name": "Sauti \"ya\" Wanawake"})
    assert text == '{"usd":1234.57,"xof":250000,"kwd":1.500,"name":"Sauti \\"ya\\" Wanawake"}'
    assert json.loads(text, parse_float=Decimal)["kwd"] == Decimal("1.500")
    with pytest.raises(TypeError):
        dumps({"amount": 1.5})
