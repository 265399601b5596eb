"""`make workshop` refuses to open the server to the room while a demo password is in use."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from maps.demo_content import FACILITATOR, MARKETER, PASSWORD

pytestmark = pytest.mark.django_db


def make(username: str, password: str):
    return get_user_model().objects.create_user(username=username, password=password)


def test_it_refuses_while_a_demo_account_keeps_its_published_password():
    make(FACILITATOR, PASSWORD)
    make(MARKETER, "un-secret-à-moi-42")
    with pytest.raises(CommandError) as refusal:
        call_command("workshop_ready")
    message = str(refusal.value)
    assert f"manage.py changepassword {FACILITATOR}" in message
    assert MARKETER not in message


def test_it_lets_the_workshop_start_once_the_passwords_are_changed(capsys):
    make(FACILITATOR, "un-secret-à-moi-42")
    call_command("workshop_ready")
    assert capsys.readouterr().err == ""


def test_it_says_how_to_create_an_account_when_nobody_can_log_in(capsys):
    call_command("workshop_ready")
    assert "createsuperuser" in capsys.readouterr().err
