import pytest
from django.conf import settings
from django.urls import reverse

from personas.models import Persona, Segment

URL = reverse("personas:create")


def test_it_shows_the_form_grouped_in_fieldsets(owner_client):
    response = owner_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for legend in (
        "Identity",
        "Situation",
        "Habits",
        "Needs and goals",
        "Motivations and reluctances",
        "Frictions",
    ):
        assert f"<legend>{legend}</legend>" in html
    for name in ("name", "age", "segment", "quote", "needs", "motivations", "reluctances"):
        assert f'name="{name}"' in html
    assert 'for="id_professional_situation">Professional situation' in html
    assert 'name="photo"' not in html
    assert 'name="version"' not in html


def test_it_ties_help_texts_to_their_fields(owner_client):
    html = owner_client.get(URL).content.decode()

    assert 'aria-describedby="id_name_helptext"' in html
    assert 'id="id_name_helptext"' in html


def test_it_creates_a_persona_with_every_field(owner_client, workspace, persona_data):
    response = owner_client.post(URL, persona_data, follow=True)

    persona = Persona.objects.get()
    assert response.redirect_chain == [(persona.get_absolute_url(), 302)]
    assert persona.workspace == workspace
    for name, value in persona_data.items():
        assert str(getattr(persona, name)) == value
    assert "Persona “Ludovic” created." in response.content.decode()


def test_it_defaults_to_b2c(owner_client):
    owner_client.post(URL, {"name": "Nell", "segment": Segment.B2C})

    assert Persona.objects.get().segment == Segment.B2C
    assert Persona.objects.get().age is None


def test_it_requires_a_name(owner_client, persona_data):
    persona_data["name"] = "   "

    response = owner_client.post(URL, persona_data)

    html = response.content.decode()
    assert response.status_code == 422
    assert not Persona.objects.exists()
    assert 'id="id_name_error"' in html
    assert "This field is required." in html
    assert 'aria-invalid="true"' in html
    # The rest of the draft is kept.
    assert "Courir un semi-marathon" in html


def test_it_refuses_a_50000_character_paste_with_a_field_message(owner_client, persona_data):
    persona_data["needs"] = "x" * 50_000

    response = owner_client.post(URL, persona_data)

    html = response.content.decode()
    assert response.status_code == 422
    assert not Persona.objects.exists()
    assert 'id="id_needs_error"' in html
    assert f"at most {settings.PARCOURS_MAX_TEXT} characters (it has 50000)" in html


def test_it_refuses_a_quote_longer_than_the_column(owner_client, persona_data):
    persona_data["quote"] = "q" * 301

    response = owner_client.post(URL, persona_data)

    assert response.status_code == 422
    assert 'id="id_quote_error"' in response.content.decode()


@pytest.mark.parametrize("age", ["-1", "121", "vingt"])
def test_it_refuses_an_age_outside_0_to_120(owner_client, persona_data, age):
    persona_data["age"] = age

    response = owner_client.post(URL, persona_data)

    assert response.status_code == 422
    assert 'id="id_age_error"' in response.content.decode()
    assert not Persona.objects.exists()


def test_it_refuses_an_unknown_segment(owner_client, persona_data):
    persona_data["segment"] = "b2g"

    response = owner_client.post(URL, persona_data)

    assert response.status_code == 422
    assert not Persona.objects.exists()


def test_it_stores_html_as_text_and_escapes_it(owner_client, persona_data):
    persona_data["name"] = "<script>alert(1)</script>"
    persona_data["frictions"] = '<img src=x onerror="alert(2)">'

    response = owner_client.post(URL, persona_data, follow=True)

    persona = Persona.objects.get()
    assert persona.name == "<script>alert(1)</script>"
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_it_escapes_html_when_the_form_comes_back_invalid(owner_client, persona_data):
    persona_data["name"] = ""
    persona_data["goals"] = "</textarea><script>alert(1)</script>"

    html = owner_client.post(URL, persona_data).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;" in html


def test_it_creates_in_the_outsiders_own_workspace(outsider_client, other_workspace):
    outsider_client.post(URL, {"name": "Zoé", "segment": Segment.B2B})

    assert Persona.objects.get().workspace == other_workspace


def test_it_forbids_marketers(marketer_client, persona_data):
    assert marketer_client.get(URL).status_code == 403
    assert marketer_client.post(URL, persona_data).status_code == 403
    assert not Persona.objects.exists()


def test_it_forbids_users_without_a_workspace(no_workspace_client, persona_data):
    assert no_workspace_client.get(URL).status_code == 403
    assert no_workspace_client.post(URL, persona_data).status_code == 403


def test_it_redirects_anonymous_visitors_to_the_login(client, persona_data, db):
    response = client.post(URL, persona_data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Persona.objects.exists()


def test_motivations_and_reluctances_read_in_french(owner_client, settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        html = owner_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<legend>Motivations et réticences</legend>" in html
    assert 'for="id_motivations">Motivations' in html
    assert 'for="id_reluctances">Réticences' in html
    assert "Ce qui les pousse à acheter, à rester." in html
    assert "Ce qui les retient : doutes, craintes, habitudes." in html
