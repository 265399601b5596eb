from django.urls import reverse

from maps.models import JourneyMap, JourneyType
from personas.models import Persona


def url(persona: Persona) -> str:
    return reverse("personas:detail", args=[persona.pk])


def test_it_shows_every_field_of_the_persona(owner_client, owner, persona_data):
    owner_client.post(reverse("personas:create"), persona_data)
    persona = Persona.objects.get()

    response = owner_client.get(url(persona))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="persona-name">Ludovic</h1>' in html
    assert "29 years old" in html
    assert "persona-badge-b2c" in html
    for name, value in persona_data.items():
        if name not in {"age", "segment"}:
            assert value.replace("\n", "<br>") in html, name
    for heading in (
        "Situation",
        "Habits",
        "Needs and goals",
        "Motivations and reluctances",
        "Frictions",
    ):
        assert f">{heading}</h2>" in html
    assert "<dt>Consumption habits and tastes</dt>" in html
    # The method's motivations and reluctances, each under its own label.
    assert "<dt>Motivations</dt>" in html
    assert "<dt>Reluctances</dt>" in html
    assert "Se sentir en forme<br>Rejoindre le club du quartier" in html


def test_it_highlights_the_quote(owner_client, persona):
    html = owner_client.get(url(persona)).content.decode()

    assert '<figure class="persona-quote">' in html
    assert "<p>Le pain, c&#x27;est sacré.</p>" in html


def test_it_says_which_fields_are_not_filled_in(owner_client, persona):
    html = owner_client.get(url(persona)).content.decode()

    # Every free text of the sheet but the quote, motivations and reluctances included.
    assert html.count("Not filled in yet.") == 10


def test_it_lists_the_maps_the_persona_appears_in(owner_client, persona, journey_map):
    html = owner_client.get(url(persona)).content.decode()

    assert f'<a href="{journey_map.get_absolute_url()}">Nell achète une baguette</a>' in html
    assert "No map uses this persona yet." not in html


def test_it_lists_only_maps_the_user_may_see(owner_client, persona, other_workspace):
    # Should a map of another workspace ever point at the persona, it stays hidden.
    foreign = JourneyMap.objects.create(
        workspace=other_workspace,
        title="Carte du concurrent",
        journey_type=JourneyType.objects.first(),
    )
    foreign.personas.add(persona)

    html = owner_client.get(url(persona)).content.decode()

    assert "Carte du concurrent" not in html
    assert "No map uses this persona yet." in html


def test_it_offers_edit_and_delete_to_facilitators(owner_client, persona):
    html = owner_client.get(url(persona)).content.decode()

    assert reverse("personas:edit", args=[persona.pk]) in html
    assert reverse("personas:delete", args=[persona.pk]) in html


def test_it_lets_a_marketer_read_without_edit_or_delete(marketer_client, persona, journey_map):
    response = marketer_client.get(url(persona))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nell achète une baguette" in html
    assert reverse("personas:edit", args=[persona.pk]) not in html
    assert reverse("personas:delete", args=[persona.pk]) not in html


def test_it_escapes_html_in_every_field(owner_client, workspace):
    persona = Persona.objects.create(
        workspace=workspace,
        name="<script>alert(1)</script>",
        quote="<i>cité</i>",
        needs="<a href='javascript:alert(2)'>lien</a>\nsecond",
    )

    html = owner_client.get(url(persona)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<i>cité</i>" not in html
    assert "<a href='javascript" not in html
    assert "&lt;a href=&#x27;javascript:alert(2)&#x27;&gt;lien&lt;/a&gt;<br>second" in html


def test_it_hides_the_persona_from_outsiders(outsider_client, persona):
    assert outsider_client.get(url(persona)).status_code == 404


def test_it_redirects_anonymous_visitors_to_the_login(client, persona):
    response = client.get(url(persona))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_an_unknown_persona(owner_client, db):
    assert owner_client.get(reverse("personas:detail", args=[999_999])).status_code == 404
