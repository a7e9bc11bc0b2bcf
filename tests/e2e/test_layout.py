"""Layout: every applicant page fits a 320 px phone, and Arabic pages are right-to-left and mirrored."""
import pytest

from e2e_support import PAGES, screenshot, visit

pytestmark = pytest.mark.e2e

PHONE = {"width": 320, "height": 640}


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_fits_a_320px_screen(open_page, portal_data, name, locale):
    page = visit(open_page(locale=locale, viewport=PHONE), name)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE["width"]:
        wide = page.evaluate(
            """limit => [...document.querySelectorAll('body *')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > limit + 0.5 || r.left < -0.5; })
                .filter(e => getComputedStyle(e).position !== 'absolute' || !e.classList.contains('skip'))
                .slice(0, 8).map(e => e.outerHTML.slice(0, 120))""",
            PHONE["width"],
        )
        path = screenshot(page, f"320px-{name}-{locale}")
        pytest.fail(f"{name} [{locale}] scrolls sideways: {width}px wide on a 320px screen ({path}). "
                    f"Elements past the edge: {wide}")


def _layout(page):
    box = lambda selector: page.locator(selector).first.bounding_box()  # noqa: E731
    return {
        "lang": page.locator("html").get_attribute("lang"),
        "dir": page.locator("html").get_attribute("dir"),
        "brand": box("header .brand"),
        "nav": box("header nav"),
        "radio": box('input[name="registered"][value="no"]'),
        "choice": box('label.choice:has(input[name="registered"][value="no"])'),
    }


def _centre(box):
    return box["x"] + box["width"] / 2


@pytest.mark.parametrize("width", [320, 800])
def test_arabic_is_right_to_left_and_mirrored(open_page, portal_data, width):
    layouts = {}
    for locale in ("en", "ar"):
        page = visit(open_page(locale=locale, viewport={"width": width, "height": 900}), "eligibility")
        layouts[locale] = _layout(page)
        screenshot(page, f"mirror-eligibility-{locale}-{width}px")
    en, ar = layouts["en"], layouts["ar"]

    assert (en["lang"], en["dir"]) == ("en", "ltr")
    assert (ar["lang"], ar["dir"]) == ("ar", "rtl")
    middle = width / 2
    # The brand starts the header: on the left in English, on the right in Arabic.
    assert _centre(en["brand"]) < middle < _centre(ar["brand"]), (en["brand"], ar["brand"])
    # Radio buttons sit before their label text: at the left edge in English, the right edge in Arabic.
    assert abs(en["radio"]["x"] - en["choice"]["x"]) < 8, (en["radio"], en["choice"])
    ar_choice_end = ar["choice"]["x"] + ar["choice"]["width"]
    assert abs(ar["radio"]["x"] + ar["radio"]["width"] - ar_choice_end) < 8, (ar["radio"], ar["choice"])
    if width >= 800:  # wide enough for brand and navigation on one line: the navigation is opposite
        assert _centre(en["nav"]) > middle > _centre(ar["nav"]), (en["nav"], ar["nav"])
