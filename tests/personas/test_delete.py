from django.urls import reverse

from maps.models import JourneyMap
from personas.models import Persona


def url(persona: Persona) -> str:
    return reverse("personas:delete", args=[persona.pk])


def test_it_asks_for_confirmation_and_lists_the_maps_that_lose_the_persona(
    owner_client, persona, journey_map
):
    response = owner_client.get(url(persona))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete the persona “Nell”?" in html
    assert "It will stay, without the persona" in html
    assert journey_map.get_absolute_url() in html
    assert "Nell achète une baguette" in html
    assert 'method="post"' in html
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_it_says_when_no_map_uses_the_persona(owner_client, persona):
    html = owner_client.get(url(persona)).content.decode()

    assert "No map uses this persona." in html


def test_it_deletes_on_post_and_redirects_to_the_list(owner_client, persona, journey_map):
    response = owner_client.post(url(persona), follow=True)

    assert response.redirect_chain == [(reverse("personas:list"), 302)]
    assert not Persona.objects.filter(pk=persona.pk).exists()
    html = response.content.decode()
    assert "Persona “Nell” deleted. It was removed from 1 map." in html


def test_it_keeps_the_maps_that_used_the_persona(owner_client, persona, journey_map):
    owner_client.post(url(persona))

    journey_map = JourneyMap.objects.get(pk=journey_map.pk)
    assert journey_map.personas.count() == 0
    assert journey_map.stages.count() == 2


def test_it_escapes_the_name_in_the_confirmation_and_the_message(owner_client, workspace):
    persona = Persona.objects.create(workspace=workspace, name="<script>alert(1)</script>")

    confirm = owner_client.get(url(persona)).content.decode()
    done = owner_client.post(url(persona), follow=True).content.decode()

    for html in (confirm, done):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_forbids_marketers(marketer_client, persona):
    assert marketer_client.get(url(persona)).status_code == 403
    assert marketer_client.post(url(persona)).status_code == 403
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_it_hides_the_persona_from_outsiders(outsider_client, persona):
    assert outsider_client.get(url(persona)).status_code == 404
    assert outsider_client.post(url(persona)).status_code == 404
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_it_redirects_anonymous_visitors_to_the_login(client, persona):
    response = client.post(url(persona))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Persona.objects.filter(pk=persona.pk).exists()


def test_it_answers_404_for_an_unknown_persona(owner_client, db):
    assert owner_client.post(reverse("personas:delete", args=[999_999])).status_code == 404


def test_it_refuses_other_methods(owner_client, persona):
    assert owner_client.delete(url(persona)).status_code == 405
    assert Persona.objects.filter(pk=persona.pk).exists()
