"""Who may download a fund's open data: staff always, anyone once the fund is published, and
nobody else learns the fund exists. The command line writes the same files."""
import json

import pytest

from factories import make_fund, make_staff, make_user
from helpers import sign_in
from tests.opendata.support import OpenDataWorld, giving360_errors, iati_errors

EXPORTS = ("360giving.json", "iati.xml")


@pytest.fixture
def scene(db):
    scene = OpenDataWorld(db)
    make_staff(db, email="admin@example.org", roles=("admin",))
    make_user(db, email="donor@example.org", roles=("donor",))
    db.commit()
    return scene


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("who", [None, "donor@example.org", "amina@example.org", "partner@example.org"])
def test_a_fund_not_published_answers_404_to_everyone_but_staff(client, scene, export, who):
    if who:
        sign_in(client, who)
    assert client.get(f"/opendata/{scene.fund.id}/{export}").status_code == 404


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("who", ["manager@example.org", "finance1@example.org", "admin@example.org"])
def test_staff_read_the_exports_of_any_fund(client, scene, export, who):
    sign_in(client, who)
    response = client.get(f"/opendata/{scene.fund.id}/{export}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_anyone_reads_a_fund_whose_managers_opted_in_and_the_files_are_valid(client, db, scene):
    scene.fund.is_public = True
    db.add(scene.fund)
    db.commit()
    package = client.get(f"/opendata/{scene.fund.id}/360giving.json")
    activity = client.get(f"/opendata/{scene.fund.id}/iati.xml")
    assert (package.status_code, package.mimetype) == (200, "application/json")
    assert (activity.status_code, activity.mimetype) == (200, "application/xml")
    assert giving360_errors(json.loads(package.get_data(as_text=True))) == []
    assert iati_errors(activity.get_data()) == []


def test_a_fund_that_does_not_exist_answers_404_even_to_staff(client, scene):
    sign_in(client, "admin@example.org")
    for export in EXPORTS:
        assert client.get(f"/opendata/{scene.fund.id + 99}/{export}").status_code == 404


def test_another_published_fund_does_not_open_this_one(client, db, scene):
    other = make_fund(db, code="other")
    other.is_public = True
    db.add(other)
    db.commit()
    assert client.get(f"/opendata/{other.id}/iati.xml").status_code == 200
    assert client.get(f"/opendata/{scene.fund.id}/iati.xml").status_code == 404


@pytest.mark.parametrize("format_name, check", [("360giving", lambda data: giving360_errors(json.loads(data))),
                                                ("iati", iati_errors)])
@pytest.mark.parametrize("queue", [[], ["--queue"]])
def test_the_command_line_writes_a_valid_export_of_an_unpublished_fund(app, scene, tmp_path, format_name, check, queue):
    """Here or as a background job (inline in the tests: no REDIS_URL), the same valid file."""
    target = tmp_path / "export"
    result = app.test_cli_runner().invoke(args=["opendata", "export", "--fund", str(scene.fund.id),
                                                "--format", format_name, "--output", str(target), *queue])
    assert result.exit_code == 0, result.output
    assert ("done" in result.output) if queue else ("Wrote" in result.output)
    assert not (tmp_path / "export.part").exists()
    assert check(target.read_bytes()) == []
    assert "Secret Sisters" not in target.read_text(encoding="utf-8")


def test_the_command_line_refuses_an_unknown_fund(app, scene, tmp_path):
    result = app.test_cli_runner().invoke(args=["opendata", "export", "--fund", "999", "--format", "iati",
                                                "--output", str(tmp_path / "x.xml")])
    assert result.exit_code != 0 and "no fund with id 999" in result.output
