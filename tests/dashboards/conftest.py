"""A fund with two donors (each with a signed-in person) and grants of every kind."""
import pytest

from tests.dashboards.support import GrantSpec, add_grants, give, make_world

#: Six grants in DR Congo (protection, Swahili), five in Lebanon (participation, Arabic), two in
#: Colombia (a small cell), five consortia of three in Rwanda, one at risk in Afghanistan, flagged "do not publish".
STANDARD = (
    [GrantSpec("CD", "protection", "sw", 200_000, paid=index < 3, hours=24 + index) for index in range(5)]
    + [GrantSpec("CD", "protection", "sw", 150_000, name="Mama Amani Story", story_consent=True, paid=True)]
    + [GrantSpec("LB", "participation", "ar", 300_000, registered=index < 2, hours=100) for index in range(5)]
    + [GrantSpec("CO", "prevention", "es", 120_000, name=f"Colombia Small {index}") for index in range(2)]
    + [GrantSpec("RW", "participation", "rw", 300_000, members=3, hours=30) for _index in range(5)]
    + [GrantSpec("AF", "relief_recovery", "fa", 250_000, name="Secret Sisters Kabul", do_not_publish=True, paid=True,
                 story_consent=True)]
)


@pytest.fixture
def world(db):
    world = make_world(db)
    give(db, world, "Norad", 5_000_000, user_email="norad@example.org")
    give(db, world, "Fondation Égalité", 2_000_000, user_email="egalite@example.org",
         earmark=("theme", "participation"))
    add_grants(db, world, STANDARD)
    db.commit()
    return world
