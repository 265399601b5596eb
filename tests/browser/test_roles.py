"""Each role in a real browser: what they see of the persona library and the team.

axe-core checks the persona and member pages; screenshots at desktop and phone
widths go to artifacts/screenshots/ for a human to look at.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect

from maps.models import JourneyMap, JourneyType
from personas import photos
from personas.models import Persona, Segment
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import make_user
from tests.personas.test_photos import jpeg_with_gps
from workspaces.models import Membership, Role

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def admin(workspace):
    return make_user("admin", workspace, Role.ADMIN)


@pytest.fixture
def library(settings, tmp_path, workspace, journey_map, persona):
    """Four personas, three with photos, one used in no map."""
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps(300, 300)).content)
    persona.needs = "Du pain frais\nPas d'attente"
    persona.save()
    others = [
        ("Ludovic", 29, Segment.B2C, "Je veux courir sans me ruiner.", (90, 60)),
        ("Agnès", 51, Segment.B2B, "Mon temps est compté.", (60, 90)),
        ("Zoé", 19, Segment.B2C, "", None),
    ]
    for name, age, segment, quote, size in others:
        created = Persona.objects.create(
            workspace=workspace, name=name, age=age, segment=segment, quote=quote
        )
        if size:
            created.photo = photos.store(photos.process_bytes(jpeg_with_gps(*size)).content)
            created.save()
        if name != "Zoé":
            journey_map.personas.add(created)
    JourneyMap.objects.create(
        workspace=workspace, title="Carte sans persona", journey_type=JourneyType.objects.first()
    )
    return persona


def test_an_admin_sees_cards_and_a_persona_page_with_photos(
    user_page, admin, library, journey_map, screenshot
):
    for label, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        page = user_page(admin, **size)
        page.goto("/personas/")
        expect(page.locator(".persona-card")).to_have_count(4)
        expect(page.locator("img.persona-card-photo")).to_have_count(3)
        expect(page.locator(".persona-card-initial")).to_have_count(1)
        screenshot(page, f"persona-cards-{label}")
        page.goto(library.get_absolute_url())
        expect(page.locator("img.persona-photo")).to_be_visible()
        expect(page.locator(".persona-maps li")).to_have_count(1)
        screenshot(page, f"persona-page-{label}")
        assert page.problems == []
    assert_accessible(page, "persona-cards-phone-admin")


def test_the_used_in_filter_narrows_the_cards(user_page, admin, library, journey_map):
    page = user_page(admin)
    page.goto("/personas/")
    page.locator("#persona-map").select_option(str(journey_map.pk))
    expect(page.locator(".persona-card")).to_have_count(3)
    page.locator("#persona-map").select_option("none")
    expect(page.locator(".persona-card")).to_have_count(1)
    expect(page.locator(".persona-card-name")).to_have_text("Zoé")
    assert "map=none" in page.url
    assert page.problems == []


def test_a_facilitator_duplicates_a_persona_and_lands_on_its_form(
    user_page, owner, library, screenshot
):
    page = user_page(owner)
    page.goto(library.get_absolute_url())
    page.locator(".persona-actions form button").click()
    expect(page.locator("#id_name")).to_have_value("Nell (copie)")
    assert Persona.objects.filter(name="Nell (copie)").get().photo
    expect(page.locator("img.persona-form-photo")).to_be_visible()
    screenshot(page, "persona-form-photo-desktop")
    assert_accessible(page, "persona-form-facilitator")
    assert page.problems == []


def test_a_marketer_reads_personas_without_edit_controls_or_team_link(user_page, marketer, library):
    page = user_page(marketer)
    page.goto(library.get_absolute_url())
    expect(page.locator("main h1")).to_have_text("Nell")
    # A reader downloads the persona's sheet, and nothing more: no edit, duplicate or delete.
    actions = page.locator(".persona-actions")
    expect(actions.locator("a, button")).to_have_count(1)
    expect(actions.locator("a")).to_have_attribute("href", f"/personas/{library.pk}/sheet.pdf")
    expect(page.locator(".site-nav a")).to_have_count(2)
    assert_accessible(page, "persona-page-marketer")
    assert page.problems == []


def test_an_admin_invites_a_member_and_changes_a_role(
    user_page, admin, marketer, workspace, screenshot
):
    page = user_page(admin, **DESKTOP)
    page.locator(".site-nav a").nth(2).click()
    expect(page.locator(".team-member")).to_have_count(2)
    page.locator("main .page-header a.button-primary").click()
    page.locator("#id_email").fill("ines@example.org")
    page.locator("#id_role").select_option("facilitator")
    page.locator("main form button[type=submit]").click()
    # Invited, not a member until she accepts.
    expect(page.locator("#members .team-member")).to_have_count(2)
    expect(page.locator("[id^=invitation-]")).to_contain_text("ines@example.org")
    expect(page.locator(".toast-success")).to_be_visible()
    assert mail.outbox[-1].to == ["ines@example.org"]

    membership = Membership.objects.get(user=marketer)
    row = page.locator(f"#member-{membership.pk}")
    row.locator("select").select_option("admin")
    row.locator("button").click()
    expect(page.locator(f"#member-{membership.pk} select")).to_have_value("admin")
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    screenshot(page, "members-desktop")
    assert_accessible(page, "members-admin")
    assert page.problems == []


def test_the_members_page_on_a_phone(user_page, admin, marketer, owner, workspace, screenshot):
    page = user_page(admin, **PHONE)
    page.goto(f"/workspaces/{workspace.pk}/members/")
    expect(page.locator(".team-member")).to_have_count(3)
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "members-phone")
    assert_accessible(page, "members-phone")
    assert page.problems == []


def test_removing_the_last_admin_is_refused_with_a_clear_message(user_page, admin, workspace):
    page = user_page(admin)
    membership = Membership.objects.get(user=admin)
    page.goto(f"/workspaces/{workspace.pk}/members/{membership.pk}/remove/")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".confirm-page .alert-error")).to_be_visible()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_of_two_workspaces_switches_from_the_header(
    user_page, owner, journey_map, screenshot
):
    from workspaces.models import Workspace

    second = Workspace.objects.create(name="Atelier vélo")
    Membership.objects.create(workspace=second, user=owner, role=Role.ADMIN)
    for label, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        page = user_page(owner, **size)
        expect(page.locator(".map-card")).to_have_count(1)
        expect(page.locator(".site-nav a")).to_have_count(2)  # no team link: facilitator here
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"switcher-{label}")
        page.locator("#workspace-select").select_option(str(second.pk))
        page.locator(".workspace-switch button").click()
        expect(page.locator(".map-card")).to_have_count(0)
        # Admin of the second workspace: the team link appears.
        expect(page.locator(".site-nav a")).to_have_count(3)
        assert page.problems == []
