"""Logging in, failed-login throttling, password change and reset."""

from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_right_password_logs_in(client, owner):
    assert log_in(client, "owner", PASSWORD)["Location"] == reverse("maps:list")


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "owner", "wrong").status_code == 200
    locked = log_in(client, "owner", "wrong")
    assert locked.status_code == 429
    assert "password_reset" in locked.templates[0].name or reverse("password_reset") in (
        locked.content.decode()
    )
    # Even the right password is refused while locked out.
    assert log_in(client, "owner", PASSWORD).status_code == 429


def test_a_lockout_does_not_block_colleagues(client, owner, collaborator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", "wrong")
    assert log_in(client, "collaborator", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "owner", "wrong")
    assert log_in(client, "owner", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "owner", "wrong").status_code == 200


def test_the_login_page_offers_a_reset_link(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_password_reset_sends_a_link_in_french(client, owner):
    owner.email = "owner@example.org"
    owner.save()
    page = client.get(reverse("password_reset")).content.decode()
    assert "Mot de passe oublié" in page
    response = client.post(reverse("password_reset"), {"email": "owner@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    (email,) = mail.outbox
    assert "/password/reset/" in email.body and "owner" in email.body
    assert "mot de passe" in email.subject.lower()


def test_a_password_change_needs_the_old_password(owner_client, owner):
    url = reverse("password_change")
    refused = owner_client.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "n0uveau-secret",
            "new_password2": "n0uveau-secret",
        },
    )
    assert refused.status_code == 200
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    done = owner_client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "n0uveau-secret",
            "new_password2": "n0uveau-secret",
        },
    )
    assert done["Location"] == reverse("password_change_done")
    owner.refresh_from_db()
    assert owner.check_password("n0uveau-secret")
