"""Password reset and the lockout page, in a real browser, checked by axe-core."""

import re

from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import watch_page
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import PASSWORD


def test_a_forgotten_password_is_reset_from_the_emailed_link(page, owner, screenshot):
    page.problems = watch_page(page)
    owner.email = "owner@example.org"
    owner.save()
    page.goto("/login/")
    page.locator(".login-forgotten a").click()
    assert_accessible(page, "password-reset")
    page.locator("#id_email").fill("owner@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Consultez vos e-mails")
    link = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill("un-nouveau-secret-1")
    page.locator("#id_new_password2").fill("un-nouveau-secret-1")
    screenshot(page, "password-choose")
    assert_accessible(page, "password-choose")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .button-primary")).to_be_visible()
    owner.refresh_from_db()
    assert owner.check_password("un-nouveau-secret-1")
    assert page.problems == []


def test_too_many_wrong_passwords_show_a_clear_lockout_page(page, owner, screenshot):
    page.problems = watch_page(page)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/login/")
        page.locator("#id_username").fill("owner")
        page.locator("#id_password").fill("wrong")
        page.locator(".login-box form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Trop de tentatives échouées")
    screenshot(page, "locked-out")
    assert_accessible(page, "locked-out")
    # The right password does not get through while locked out.
    page.goto("/login/")
    page.locator("#id_username").fill("owner")
    page.locator("#id_password").fill(PASSWORD)
    page.locator(".login-box form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Trop de tentatives échouées")
    # The 429 answers are expected; nothing else went wrong.
    assert [p for p in page.problems if "429" not in p] == []
