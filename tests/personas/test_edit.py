import re

import pytest
from django.conf import settings
from django.urls import reverse

from personas.models import Persona


def url(persona: Persona) -> str:
    return reverse("personas:edit", args=[persona.pk])


def hidden_version(html: str) -> str:
    match = re.search(r'<input type="hidden" name="version" value="(\d*)"', html)
    assert match, "the form carries no version"
    return match.group(1)


def test_it_shows_the_form_filled_with_the_persona_and_its_version(owner_client, persona):
    response = owner_client.get(url(persona))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Edit Nell" in html
    assert 'value="Nell"' in html
    assert "Le pain, c&#x27;est sacré." in html
    assert hidden_version(html) == "1"


def test_it_saves_the_changes_and_redirects_to_the_persona(owner_client, persona, edit_data):
    data = edit_data(persona, name="Nelly", goals="Dîner léger", age=35)

    response = owner_client.post(url(persona), data, follow=True)

    persona.refresh_from_db()
    assert response.redirect_chain == [(persona.get_absolute_url(), 302)]
    assert (persona.name, persona.goals, persona.age) == ("Nelly", "Dîner léger", 35)
    assert persona.version == 2
    assert "Persona “Nelly” saved." in response.content.decode()


def test_it_lets_a_collaborator_edit(collaborator_client, persona, edit_data):
    response = collaborator_client.post(url(persona), edit_data(persona, name="Nell B."))

    assert response.status_code == 302
    persona.refresh_from_db()
    assert persona.name == "Nell B."


def test_it_refuses_an_empty_name(owner_client, persona, edit_data):
    response = owner_client.post(url(persona), edit_data(persona, name=""))

    assert response.status_code == 422
    assert 'id="id_name_error"' in response.content.decode()
    persona.refresh_from_db()
    assert persona.name == "Nell"
    assert persona.version == 1


def test_it_refuses_50000_characters_and_keeps_the_version(owner_client, persona, edit_data):
    response = owner_client.post(url(persona), edit_data(persona, frictions="f" * 50_000))

    html = response.content.decode()
    assert response.status_code == 422
    assert f"at most {settings.PARCOURS_MAX_TEXT} characters" in html
    assert 'id="id_frictions_error"' in html
    assert hidden_version(html) == "1"
    assert Persona.objects.get(pk=persona.pk).frictions == ""


def test_it_escapes_html_in_the_form(owner_client, persona):
    persona.quote = '"><script>alert(1)</script>'
    persona.save()

    html = owner_client.get(url(persona)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


class TestConflict:
    """Two people edit Nell from pages loaded before either saved."""

    @pytest.fixture
    def stale_draft(self, persona, collaborator_client, edit_data):
        draft = edit_data(persona, goals="Mon objectif", needs="Mes besoins")
        response = collaborator_client.post(
            url(persona),
            edit_data(persona, goals="Leur objectif", name="Nell Martin"),
        )
        assert response.status_code == 302
        return draft

    def test_it_answers_409_with_a_clear_message(self, owner_client, persona, stale_draft):
        response = owner_client.post(url(persona), stale_draft)

        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone else changed this persona while you were editing it." in html
        assert 'role="alert"' in html

    def test_it_keeps_the_draft_in_the_form(self, owner_client, persona, stale_draft):
        html = owner_client.post(url(persona), stale_draft).content.decode()

        assert re.search(r'<textarea name="goals"[^>]*>\s*Mon objectif</textarea>', html)
        assert re.search(r'<textarea name="needs"[^>]*>\s*Mes besoins</textarea>', html)
        assert 'name="name" value="Nell"' in html

    def test_it_shows_the_current_values_that_differ(self, owner_client, persona, stale_draft):
        html = owner_client.post(url(persona), stale_draft).content.decode()

        panel = html[html.index('class="persona-conflict"') :]
        assert "Leur objectif" in panel
        assert "Nell Martin" in panel
        assert "Mon objectif" in panel
        assert '<h3 id="persona-diff-goals">Goals</h3>' in panel
        assert '<h3 id="persona-diff-name">Name</h3>' in panel
        assert '<h3 id="persona-diff-needs">Needs</h3>' in panel
        # Fields nobody touched are not listed.
        assert 'id="persona-diff-age"' not in panel
        assert 'id="persona-diff-quote"' not in panel

    def test_it_marks_the_fields_in_conflict(self, owner_client, persona, stale_draft):
        html = owner_client.post(url(persona), stale_draft).content.decode()

        assert html.count("persona-field-conflict") == 3

    def test_it_re_arms_the_version_so_saving_again_overwrites(
        self, owner_client, persona, stale_draft
    ):
        html = owner_client.post(url(persona), stale_draft).content.decode()
        assert hidden_version(html) == "2"

        response = owner_client.post(url(persona), {**stale_draft, "version": "2"})

        assert response.status_code == 302
        persona.refresh_from_db()
        assert (persona.goals, persona.name, persona.version) == ("Mon objectif", "Nell", 3)

    def test_it_changes_nothing_in_the_database(self, owner_client, persona, stale_draft):
        owner_client.post(url(persona), stale_draft)

        persona.refresh_from_db()
        assert persona.goals == "Leur objectif"
        assert persona.version == 2

    def test_it_escapes_both_versions_in_the_panel(
        self, owner_client, collaborator_client, persona, edit_data
    ):
        draft = edit_data(persona, goals="<b>mine</b>")
        collaborator_client.post(url(persona), edit_data(persona, goals="<script>x()</script>"))

        html = owner_client.post(url(persona), draft).content.decode()

        assert "<script>x()</script>" not in html
        assert "&lt;script&gt;x()&lt;/script&gt;" in html
        assert "<b>mine</b>" not in html


def test_it_forbids_marketers(marketer_client, persona, edit_data):
    assert marketer_client.get(url(persona)).status_code == 403
    assert marketer_client.post(url(persona), edit_data(persona, name="X")).status_code == 403
    persona.refresh_from_db()
    assert persona.name == "Nell"


def test_it_hides_the_persona_from_outsiders(outsider_client, persona, edit_data):
    assert outsider_client.get(url(persona)).status_code == 404
    assert outsider_client.post(url(persona), edit_data(persona, name="X")).status_code == 404
    persona.refresh_from_db()
    assert persona.name == "Nell"


def test_it_redirects_anonymous_visitors_to_the_login(client, persona):
    response = client.get(url(persona))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_persona(owner_client, db):
    assert owner_client.get(reverse("personas:edit", args=[999_999])).status_code == 404
