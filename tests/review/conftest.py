"""A funded world with an application in review, its fund manager and three reviewers."""
import pytest

from factories import make_staff
from tests.grants.support import World


@pytest.fixture
def world(db):
    """World (see tests/grants/support.py) plus reviewers reading Kiswahili, Spanish and French."""
    world = World(db)
    world.zawadi = make_staff(db, email="zawadi@example.org", name="Zawadi", roles=("reviewer",), reads=("sw", "fr"))
    world.ana = make_staff(db, email="ana@example.org", name="Ana", roles=("reviewer",), reads=("es",))
    world.bea = make_staff(db, email="bea@example.org", name="Bea", roles=("reviewer",), reads=("fr",))
    db.commit()
    return world
