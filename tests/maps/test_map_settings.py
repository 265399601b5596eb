from django.urls import reverse

from tests.conftest import HTMX


def url(journey_map):
    return reverse("maps:settings", args=[journey_map.pk])


def test_it_edits_title_and_scope_in_place(owner_client, journey_map, persona):
    form = owner_client.get(url(journey_map), **HTMX).content.decode()
    assert 'id="map-header"' in form
    response = owner_client.post(
        url(journey_map),
        {
            "title": "Nell et la boulangerie",
            "targets": "Citadins pressés",
            "offers": "Pain",
            "journey_type": journey_map.journey_type_id,
            "personas": [persona.pk],
            "version": 1,
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map-header"' in html and 'hx-swap-oob="true"' in html
    assert "Citadins pressés" in html
    journey_map.refresh_from_db()
    assert journey_map.title == "Nell et la boulangerie"
    assert journey_map.revision == 1


def test_a_stale_scope_is_a_conflict(owner_client, collaborator_client, journey_map):
    data = {"title": "Premier", "journey_type": journey_map.journey_type_id, "version": 1}
    owner_client.post(url(journey_map), data, **HTMX)
    response = collaborator_client.post(url(journey_map), {**data, "title": "Second"}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#map-header"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "Premier" in html and 'value="Second"' in html


def test_an_empty_title_is_refused_next_to_the_field(owner_client, journey_map):
    response = owner_client.post(
        url(journey_map),
        {"title": "", "journey_type": journey_map.journey_type_id, "version": 1},
        **HTMX,
    )
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()


def test_marketers_and_outsiders_cannot_edit_the_scope(
    marketer_client, outsider_client, journey_map
):
    assert marketer_client.get(url(journey_map)).status_code == 403
    assert outsider_client.get(url(journey_map)).status_code == 404


def test_deleting_a_map_asks_then_deletes(owner_client, journey_map):
    delete = reverse("maps:delete", args=[journey_map.pk])
    page = owner_client.get(delete).content.decode()
    assert "2 stages" in page or "2 étapes" in page
    response = owner_client.post(delete)
    assert response.status_code == 302
    assert owner_client.get(reverse("maps:detail", args=[journey_map.pk])).status_code == 404


def test_a_locked_maps_settings_offer_its_facilitators_to_unlock_it(owner_client, journey_map):
    journey_map.locked = True
    journey_map.save()
    page = owner_client.get(url(journey_map))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("maps:lock", args=[journey_map.pk]) in html
    assert 'name="locked" value="0"' in html
    assert 'name="title"' not in html  # nobody edits a locked map

    response = owner_client.post(
        reverse("maps:lock", args=[journey_map.pk]), {"locked": "0", "next": "settings"}
    )
    assert response.status_code == 302 and response.url == url(journey_map)
    journey_map.refresh_from_db()
    assert not journey_map.locked


def test_an_unlocked_maps_settings_offer_to_lock_it(owner_client, journey_map):
    html = owner_client.get(url(journey_map)).content.decode()
    assert 'name="title"' in html
    assert 'name="locked" value="1"' in html


def test_only_facilitators_reach_a_locked_maps_settings(
    marketer_client, outsider_client, guest_client, journey_map
):
    journey_map.locked = True
    journey_map.save()
    assert marketer_client.get(url(journey_map)).status_code == 403
    assert guest_client.get(url(journey_map)).status_code == 403
    assert outsider_client.get(url(journey_map)).status_code == 404
