"""axe-core (npm, tests/browser/package.json) in headless Chromium on every portal page and print view:
no critical and no serious violation. Screenshots of CT01 at 1280 px and 390 px, members table in view.

`npm install` in tests/browser (.ci/run does it when npm is there) puts axe-core in node_modules; without
it, or without Chromium, these tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
FORMS = sorted(p.stem for p in (Path(__file__).parents[2] / "forms").glob("*.yaml"))


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (cd tests/browser && npm install)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture()
def a11y_page(browser: Any) -> Any:
    """A page whose context may inject axe despite the portal's strict CSP (script-src 'self')."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def _audit(page: Any, axe_source: str, what: str) -> list[dict[str, Any]]:
    """Run axe on the page as it is; print one line per violation; return the critical and serious ones."""
    page.evaluate(axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = []
    for v in result["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]][:4]
        print(f"axe {what}: {v['impact']} {v['id']} ×{len(v['nodes'])} {targets}")
        if v["impact"] in ("critical", "serious"):
            bad.append({"page": what, "id": v["id"], "impact": v["impact"], "nodes": targets})
    print(f"axe {what}: {len(result['violations'])} violation(s), {len(bad)} critical/serious")
    return bad


def _sign_in(page: Any, portal: str) -> None:
    """As the first demo citizen at VNeID level 2 (CT01 locks and prefills the household only then)."""
    page.goto(portal + "/")
    page.check("#level-2")
    page.click("#signin")
    page.wait_for_url("**/forms**")


def test_every_portal_page_and_print_view_passes_axe(a11y_page: Any, portal: str, axe_source: str) -> None:
    page, bad = a11y_page, []
    page.goto(portal + "/")
    bad += _audit(page, axe_source, "home")
    _sign_in(page, portal)
    bad += _audit(page, axe_source, "catalogue")
    for form in FORMS:
        for lang in ("vi", "en"):
            page.goto(f"{portal}/forms/{form}?lang={lang}")
            bad += _audit(page, axe_source, f"{form} ({lang})")
        page.goto(f"{portal}/forms/{form}/print")
        bad += _audit(page, axe_source, f"{form} print")
    page.goto(portal + "/forms/vn.bca.ct01")
    page.click("button.button[value=submit]")  # nothing chosen: the page with its error summary
    page.wait_for_load_state()
    bad += _audit(page, axe_source, "vn.bca.ct01 with errors")
    page.select_option("#f-request_kind", "permanent_registration")
    page.fill("#f-signature-place", "Buôn Ma Thuột")
    for part, value in (("d", "5"), ("m", "2"), ("y", "2025")):
        page.fill(f"#f-signature-date-{part}", value)
    page.click("button.button[value=submit]")
    page.wait_for_url("**/receipts/**")
    bad += _audit(page, axe_source, "receipt")
    page.click("#print-link")
    page.wait_for_load_state()
    bad += _audit(page, axe_source, "receipt print")
    for path, what in (("/requests", "my correction requests"), ("/access-log", "access log"),
                       ("/receipts/no-such-receipt", "not found")):  # fmt: skip
        page.goto(portal + path)
        bad += _audit(page, axe_source, what)
    assert bad == [], json.dumps(bad, ensure_ascii=False, indent=1)


def _table_fits(page: Any) -> dict[str, Any]:
    """Whether the members table shows whole: no horizontal scroll, every cell's box inside the viewport."""
    return dict(page.evaluate("""() => {
        const t = document.querySelector('table.rows[data-table="/members"]');
        const vw = document.documentElement.clientWidth;
        const cells = [...t.querySelectorAll('td, th')].filter(c => c.offsetParent !== null);
        const wrap = t.parentElement;
        return {
            page_scroll: document.documentElement.scrollWidth - vw,
            wrap_scroll: wrap.scrollWidth - wrap.clientWidth,
            outside: cells.filter(c => { const r = c.getBoundingClientRect(); return r.left < -1 || r.right > vw + 1; })
                          .map(c => c.textContent.trim().slice(0, 20)),
            clipped: [...t.querySelectorAll('input:not([type=hidden]), select')].filter(i => i.offsetParent !== null)
                       .filter(i => i.scrollWidth > i.clientWidth + 2 && i.value).map(i => i.id),
        };
    }"""))


@pytest.mark.parametrize("width", [1280, 390])
def test_ct01_members_table_fully_visible(browser: Any, portal: str, artifacts: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page, portal)
        page.goto(portal + "/forms/vn.bca.ct01")
        table = page.locator('table.rows[data-table="/members"]')
        table.scroll_into_view_if_needed()
        fits = _table_fits(page)
        page.screenshot(path=str(artifacts / f"ct01-members-{width}.png"), full_page=True)
        table.screenshot(path=str(artifacts / f"ct01-members-table-{width}.png"))
        print(f"members table at {width} px: {fits}")
        assert fits["page_scroll"] <= 0 and fits["wrap_scroll"] <= 0 and fits["outside"] == [], fits
        assert fits["clipped"] == [], fits  # names and dates not cut in their boxes
        keep = page.locator("input[type=checkbox][name$=':keep']")
        assert keep.count() >= 1  # the demo citizen's household is prefilled: one keep-row box per member
        for i in range(keep.count()):  # the keep-row box has a visible label at every width
            box = keep.nth(i)
            label = page.locator(f"label[for='{box.get_attribute('id')}']")
            assert label.count() == 1 and label.first.inner_text().strip()
            box_of = label.first.bounding_box()
            assert box_of is not None and box_of["width"] > 40 and box_of["height"] > 10  # seen, not 1 px
    finally:
        context.close()
