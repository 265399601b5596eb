"""Invitations and leaving, in a real browser (in French, the first language): an admin
invites, the person accepts on a phone; a member leaves. axe-core and the CSP detector
watch the new pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_csp import RECORD_VIOLATIONS, violations
from tests.browser.test_roles import DESKTOP, PHONE
from tests.conftest import make_user
from workspaces.models import Membership, Role


@pytest.fixture
def admin(workspace):
    return make_user("admin", workspace, Role.ADMIN)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_invited_person_accepts_on_a_phone_and_keeps_working_where_they_were(
    user_page, admin, workspace, outsider, other_workspace, screenshot
):
    outsider.email = "camille@example.org"
    outsider.save()
    team = user_page(admin, **DESKTOP)
    team.goto(f"/workspaces/{workspace.pk}/members/invite/")
    team.locator("#id_email").fill("camille@example.org")
    team.locator("#id_role").select_option("marketer")
    team.locator("main form button[type=submit]").click()
    expect(team.locator("[id^=invitation-]")).to_contain_text("camille@example.org")

    phone = user_page(outsider, **PHONE)
    phone.add_init_script(RECORD_VIOLATIONS)
    phone.reload()
    phone.get_by_role("link", name="Voir les invitations").click()
    invitation = phone.locator("[id^=invitation-]")
    expect(invitation).to_contain_text("Boulangerie Martin")
    assert fits_the_screen(phone)
    screenshot(phone, "invitations-phone")
    assert_accessible(phone, "my-workspaces-invited")
    invitation.get_by_role("button", name="Accepter").click()
    expect(phone.locator(".toast-success")).to_contain_text("Vous avez rejoint")
    # Their own workspace is still the one they work in.
    expect(phone.locator(f"#workspace-{other_workspace.pk}")).to_contain_text("actuel")
    expect(phone.locator(f"#workspace-{workspace.pk} button")).to_contain_text("Y travailler")
    assert Membership.objects.get(user=outsider, workspace=workspace).role == Role.MARKETER
    assert violations(phone) == []
    assert team.problems == [] and phone.problems == []


def test_a_member_leaves_from_my_workspaces(user_page, marketer, workspace, screenshot):
    page = user_page(marketer, **PHONE)
    page.add_init_script(RECORD_VIOLATIONS)
    page.locator(".site-tools .who").click()
    expect(page.locator("main h1")).to_have_text("Mes espaces de travail")
    page.locator(f"#workspace-{workspace.pk}").get_by_role("link", name="Quitter").click()
    expect(page.locator("main h1")).to_contain_text("Quitter « Boulangerie Martin » ?")
    assert fits_the_screen(page)
    assert_accessible(page, "leave-workspace")
    page.get_by_role("button", name="Quitter l’espace de travail").click()
    expect(page.locator(".toast-success")).to_contain_text("Vous avez quitté")
    expect(page.locator("main")).to_contain_text("membre d’aucun espace de travail")
    assert not Membership.objects.filter(user=marketer).exists()
    assert violations(page) == []
    assert page.problems == []


def test_the_last_admin_is_told_to_name_another_admin_before_leaving(user_page, admin, workspace):
    page = user_page(admin)
    page.goto(f"/workspaces/{workspace.pk}/leave/")
    page.get_by_role("button", name="Quitter l’espace de travail").click()
    expect(page.locator(".confirm-page .alert-error")).to_contain_text("dernier administrateur")
    assert Membership.objects.filter(user=admin, workspace=workspace).exists()
