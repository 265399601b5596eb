"""The app works under its strict Content-Security-Policy: the browser reports no violation.

Each role walks the main pages, the map editor with its forms open included.
Violations are caught twice: a ``securitypolicyviolation`` listener installed
by Playwright before any page script (it is not subject to the page's CSP),
and Chromium's console errors ("Refused to …"), which ``watch_page`` collects.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from personas import photos
from tests.browser.conftest import wait_until
from tests.conftest import make_user
from tests.personas.test_photos import jpeg_with_gps
from workspaces.models import Role

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def admin(workspace):
    return make_user("admin", workspace, Role.ADMIN)


@pytest.fixture
def photographed(settings, tmp_path, persona):
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps(300, 300)).content)
    persona.save()
    return persona


def csp_page(user_page, user) -> Page:
    page = user_page(user)
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations || []") + [
        problem for problem in page.problems if "Content Security Policy" in problem
    ]


def visit(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    page.wait_for_load_state("networkidle")


def walk_reader_pages(page: Page, journey_map, persona) -> None:
    present = reverse("maps:present", args=[journey_map.pk])
    for url in [
        "/maps/",
        journey_map.get_absolute_url(),
        present,
        "/personas/",
        persona.get_absolute_url(),
    ]:
        visit(page, url)
        # The photo loaded: img-src 'self' lets it through.
        if url == persona.get_absolute_url():
            expect(page.locator("img.persona-photo")).to_have_js_property("complete", True)
            assert page.evaluate("document.querySelector('img.persona-photo').naturalWidth") > 0


def open_editor_forms(page: Page, journey_map) -> None:
    visit(page, journey_map.get_absolute_url())
    card = journey_map.cards.first()
    page.locator(f"#card-{card.pk} button.editable").click()
    expect(page.locator(f"form#card-{card.pk}.editing")).to_be_visible()
    touchpoint = journey_map.touchpoints.first()
    page.locator(f"#touchpoint-{touchpoint.pk} button.editable").click()
    expect(page.locator(f"form#touchpoint-{touchpoint.pk}.editing")).to_be_visible()
    page.locator(".lane-row .cell details.add-item > summary").first.click()
    expect(page.locator(".lane-row .cell details.add-item[open] form")).to_be_visible()
    page.locator("#map-header a[href$='/settings/']").click()
    expect(page.locator("form#map-header.editing")).to_be_visible()
    # A real save, through htmx with its CSRF header.
    page.locator("form#map-header button[type=submit]").click()
    expect(page.locator("form#map-header.editing")).to_have_count(0)


def test_a_marketer_reads_without_violations(user_page, marketer, journey_map, photographed):
    page = csp_page(user_page, marketer)
    walk_reader_pages(page, journey_map, photographed)
    assert violations(page) == []
    assert page.problems == []


def test_a_facilitator_edits_without_violations(user_page, owner, journey_map, photographed):
    page = csp_page(user_page, owner)
    walk_reader_pages(page, journey_map, photographed)
    open_editor_forms(page, journey_map)
    for url in ["/maps/new/", "/personas/new/", f"/personas/{photographed.pk}/edit/"]:
        visit(page, url)
    visit(page, reverse("password_change"))
    assert violations(page) == []
    assert page.problems == []


def test_an_admin_manages_the_team_without_violations(
    user_page, admin, workspace, journey_map, photographed
):
    page = csp_page(user_page, admin)
    walk_reader_pages(page, journey_map, photographed)
    for name in ["workspaces:members", "workspaces:invite", "workspaces:journey-types"]:
        visit(page, reverse(name, args=[workspace.pk]))
    assert violations(page) == []
    assert page.problems == []


def test_anonymous_pages_have_no_violations(page, db):
    page.add_init_script(RECORD_VIOLATIONS)
    for url in ["/login/", reverse("password_reset")]:
        visit(page, url)
    assert page.evaluate("window.__cspViolations") == []


def test_the_policy_is_really_enforced_and_the_detector_sees_it(user_page, owner, journey_map):
    # Without this, the tests above could pass with no policy at all.
    page = csp_page(user_page, owner)
    response = page.goto("/maps/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.body.append(script);
          const styled = document.createElement("p");
          styled.setAttribute("style", "color: red");
          document.body.append(styled);
        }"""
    )
    wait_until(page, "window.__cspViolations.length >= 2")
    assert page.evaluate("window.__injected === undefined")
    found = violations(page)
    assert any(v.startswith("script-src") for v in found), found
    assert any(v.startswith("style-src") for v in found), found
    page.problems.clear()


def test_the_same_origin_websocket_is_allowed_and_others_are_not(user_page, owner):
    page = csp_page(user_page, owner)
    visit(page, "/maps/")
    # connect-src 'self' matches ws: on the same host (CSP level 3) but not elsewhere.
    page.evaluate("() => { new WebSocket(`ws://${location.host}/ws/probe/`); }")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cspViolations") == []
    page.evaluate("() => { try { new WebSocket('ws://elsewhere.invalid/'); } catch (e) {} }")
    wait_until(page, "window.__cspViolations.length >= 1")
    assert page.evaluate("window.__cspViolations")[0].startswith("connect-src")
    page.problems.clear()
