"""Every interface language is complete: no missing, fuzzy or placeholder-breaking entries."""
import re

import pytest
from babel.messages.pofile import read_po

from config import ROOT, Config

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TRANSLATED = [code for code in Config.LANGUAGES if code != "en"]


def catalog(code):
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def template_ids():
    with open(ROOT / "translations" / "messages.pot", "rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id}


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_is_complete_and_not_fuzzy(code):
    problems = []
    for message in catalog(code):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(strings):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_covers_every_extracted_message(code):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(code) if m.id}
    assert template_ids() - ids == set()


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_survive_translation(code):
    broken = []
    for message in catalog(code):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        wanted = set(PLACEHOLDER.findall(source))
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            if set(PLACEHOLDER.findall(string)) - wanted or (isinstance(message.string, str) and wanted - set(PLACEHOLDER.findall(string))):
                broken.append(source)
    assert broken == []


def test_the_template_is_up_to_date_with_the_code(tmp_path):
    """`make extract` was run: the committed messages.pot has every string in the code."""
    from babel.messages.frontend import CommandLineInterface
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "pyproject.toml"), "-k", "_l",
                                "--no-location", "-o", str(fresh), str(ROOT)])
    with open(fresh, "rb") as handle:
        current = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert current - template_ids() == set()


def test_no_template_folder_is_hidden_from_extraction():
    """pybabel skips folders whose names start with '_' or '.', silently leaving strings untranslated."""
    hidden = [p for p in (ROOT / "templates").rglob("*") if p.is_dir() and p.name[0] in "_."]
    assert hidden == []
