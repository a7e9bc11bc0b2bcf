"""The review queue: filters, sorts, pagination and time left, in SQL on both databases."""
import pytest

from factories import make_applicant, make_call, make_staff, make_tier
from helpers import sign_in
from portal.review.queue import PAGE_SIZE, QueueFilters, queue_page
from tests.review.support import assign, submitted, text_of


@pytest.fixture
def queue(db, world):
    """Two calls; an emergency (72 h) and a standard (30 days) tier; groups in CD and LB."""
    other_call = make_call(db, fund=world.fund, slug="second-call")
    standard = make_tier(db, call=other_call, key="standard", decision_hours=720, max_minor=10_000_000)
    lebanon_user, lebanon = make_applicant(db, email="nour@example.org", org_name="Nour", country="LB")
    apps = {
        "late": submitted(db, world.tier, world.organisation, world.applicant, hours_ago=80, language="sw"),
        "soon": submitted(db, world.tier, world.organisation, world.applicant, hours_ago=60, status="in_review",
                          language="fr"),
        "fresh": submitted(db, standard, lebanon, lebanon_user, hours_ago=1, language="ar",
                           status="clarification_requested"),
        "decided": submitted(db, standard, lebanon, lebanon_user, hours_ago=500, status="approved", language="ar"),
    }
    db.commit()
    return {"apps": apps, "standard": standard, "call": other_call}


def ids(page):
    return [row.id for row in page.rows]


def test_the_default_queue_holds_undecided_applications_least_time_left_first(db, world, queue):
    apps = queue["apps"]
    page = queue_page(db)
    # World's own application was submitted just now on the 72 h tier: due after "soon".
    assert ids(page) == [apps["late"].id, apps["soon"].id, world.application.id, apps["fresh"].id]
    assert page.total == 4 and page.pages == 1
    late = page.rows[0]
    assert late.is_open and late.deadline < page.now and late.tier_key == "emergency" and late.currency == "USD"


@pytest.mark.parametrize("filters, expected", [
    (QueueFilters(country="LB"), ["fresh"]),
    (QueueFilters(language="fr"), ["soon"]),
    (QueueFilters(statuses=("approved",)), ["decided"]),
    (QueueFilters(statuses=("in_review",)), ["soon", "world"]),
    (QueueFilters(due="overdue"), ["late"]),
    (QueueFilters(due="24h"), ["late", "soon"]),
])
def test_filters(db, world, queue, filters, expected):
    names = {app.id: name for name, app in queue["apps"].items()} | {world.application.id: "world"}
    assert [names[i] for i in ids(queue_page(db, filters))] == expected


def test_filter_by_call_and_tier(db, world, queue):
    apps = queue["apps"]
    assert ids(queue_page(db, QueueFilters(call_id=queue["call"].id))) == [apps["fresh"].id]
    assert set(ids(queue_page(db, QueueFilters(tier_id=world.tier.id)))) == {apps["late"].id, apps["soon"].id,
                                                                          world.application.id}


@pytest.mark.parametrize("sort, expected", [
    ("newest", ["world", "fresh", "soon", "late"]),
    ("oldest", ["late", "soon", "fresh", "world"]),
    ("country", ["late", "soon", "world", "fresh"]),
    ("language", ["fresh", "soon", "late", "world"]),
    ("status", ["fresh", "soon", "world", "late"]),
    ("tier", ["late", "soon", "world", "fresh"]),
])
def test_sorts(db, world, queue, sort, expected):
    names = {app.id: name for name, app in queue["apps"].items()} | {world.application.id: "world"}
    assert [names[i] for i in ids(queue_page(db, sort=sort))] == expected


def test_pages_of_fifty_counted_in_sql(db, world):
    for _ in range(2 * PAGE_SIZE + 9):
        submitted(db, world.tier, world.organisation, world.applicant)
    db.commit()
    first, last = queue_page(db, page=1), queue_page(db, page=3)
    assert (first.total, first.pages, len(first.rows), len(last.rows)) == (110, 3, 50, 10)
    assert not set(ids(first)) & set(ids(last))
    assert queue_page(db, page=99).page == 3  # past the end: the last page


def test_reviews_and_mean_weighted_score_per_application(db, world):
    assign(db, world.application, world.zawadi, world.manager, status="submitted", hundredths=433)
    assign(db, world.application, world.ana, world.manager, status="submitted", hundredths=300)
    assign(db, world.application, world.bea, world.manager, status="recused")
    db.commit()
    row, = queue_page(db).rows
    assert (row.assigned, row.scored, str(row.mean_score)) == (2, 2, "3.66")  # 3.665 rounded half-even


def test_the_page_says_overdue_in_words_and_shows_the_emergency_clock_in_hours(client, db, world, queue):
    sign_in(client, "manager@example.org")
    html = text_of(client.get("/review/"))
    assert "Overdue by 8 hours" in html and 'class="late"' in html
    assert "11 hours left" in html  # the 72-hour tier, submitted 60 hours ago
    assert queue["apps"]["decided"].reference not in html
    filtered = text_of(client.get("/review/?country=LB&status=approved&status=clarification_requested&sort=newest"))
    assert queue["apps"]["fresh"].reference in filtered and queue["apps"]["decided"].reference in filtered
    assert queue["apps"]["late"].reference not in filtered
    forged = client.get("/review/?call=abc&tier=999999&due=soonish&sort=drop&page=-3")
    assert forged.status_code == 200 and queue["apps"]["late"].reference in text_of(forged)


def test_queue_pagination_links_keep_the_filters(client, db, world):
    for _ in range(PAGE_SIZE + 1):
        submitted(db, world.tier, world.organisation, world.applicant)
    make_staff(db, email="admin@example.org", roles=("admin",))
    db.commit()
    sign_in(client, "admin@example.org")
    html = text_of(client.get("/review/?country=CD&status=submitted"))
    assert "page=2" in html and "country=CD" in html
    assert "Page 2 of 2" in text_of(client.get("/review/?country=CD&status=submitted&page=2"))
