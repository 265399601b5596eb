"""Asking for a password reset: throttled per email and per client, and never revealing."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse


@pytest.fixture
def nell(db):
    return get_user_model().objects.create_user("nell", email="nell@example.org", password="x")


def ask(client, email, address="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_thirty_requests_for_one_address_send_three_emails_and_all_get_the_same_answer(
    client, nell
):
    answers = {
        (r.status_code, r["Location"]) for r in (ask(client, "nell@example.org") for _ in range(30))
    }
    assert answers == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_HOUR == 3


def test_the_email_limit_holds_whatever_the_case_and_the_client(client, nell):
    for number, email in enumerate(
        ["nell@example.org", "NELL@example.org", "Nell@Example.org", "nell@EXAMPLE.ORG"]
    ):
        ask(client, email, address=f"198.51.100.{number}")
    assert len(mail.outbox) == 3


def test_one_client_cannot_walk_through_every_inbox(client, db):
    users = get_user_model().objects
    for number in range(15):
        users.create_user(f"member{number}", email=f"member{number}@example.org", password="x")
    for number in range(15):
        ask(client, f"member{number}@example.org")
    assert len(mail.outbox) == settings.PASSWORD_RESET_REQUESTS_PER_HOUR == 10
    # Someone else, from another address, still gets their link.
    ask(client, "member14@example.org", address="192.0.2.1")
    assert len(mail.outbox) == 11


def test_an_unknown_address_gets_the_same_answer_throttled_or_not(client, nell):
    for _ in range(5):
        known, unknown = ask(client, "nell@example.org"), ask(client, "nobody@example.org")
        assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    done = client.get(reverse("password_reset_done"))
    assert done.status_code == 200


def test_the_throttle_counts_each_key_on_its_own():
    from journeymap import throttle

    outcomes = [throttle.allow("t", "a", limit=2, period=60) for _ in range(3)]
    assert outcomes == [True, True, False]
    assert throttle.allow("t", "b", limit=2, period=60)
    assert throttle.allow("other-scope", "a", limit=2, period=60)
