"""A fund with two donors (each with a signed-in person) and grants of every kind."""
import pytest

from tests.dashboards.support import standard_world


@pytest.fixture
def world(db):
    world = standard_world(db)
    db.commit()
    return world
