"""/join: the short code beside the QR code, typed on a phone."""

import pytest
from django.test import Client
from django.urls import reverse

from maps import workshops
from maps.models import JOIN_CODE_ALPHABET, Workshop


def type_code(client: Client, code: str, address: str = "10.0.0.7"):
    return client.post(reverse("join"), {"code": code}, REMOTE_ADDR=address)


def test_a_code_is_six_unambiguous_characters(workshop):
    assert len(workshop.code) == 6
    assert set(workshop.code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1I") & set(JOIN_CODE_ALPHABET)


def test_the_code_page_is_a_small_form(client):
    page = client.get(reverse("join"))
    assert page.status_code == 200
    assert 'name="code"' in page.text
    assert 'autocapitalize="characters"' in page.text


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {half1} {half2} ", "{half1}-{half2}"])
def test_the_right_code_leads_to_the_name_form_whatever_its_case_and_spaces(
    client, workshop, typed
):
    code = workshop.code
    text = typed.format(code=code, lower=code.lower(), half1=code[:3], half2=code[3:].lower())
    response = type_code(client, text)
    assert response.status_code == 302
    assert response["Location"] == workshop.get_join_path()
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_code_says_so_and_keeps_what_was_typed(client, workshop):
    wrong = "ZZZZZZ" if workshop.code != "ZZZZZZ" else "YYYYYY"
    response = type_code(client, wrong)
    assert response.status_code == 422
    assert 'class="alert alert-error"' in response.text
    assert f'value="{wrong}"' in response.text


def test_what_was_typed_is_escaped(client, workshop):
    response = type_code(client, '"><script>')
    assert "<script>" not in response.text
    assert "&quot;&gt;&lt;script&gt;" in response.text


def test_an_ended_workshops_code_no_longer_works(client, journey_map, owner, workshop):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    assert type_code(client, workshop.code).status_code == 422


def test_a_replaced_link_takes_its_code_with_it(client, journey_map, owner, workshop):
    old = workshop.code
    renewed = workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    assert type_code(client, old).status_code == 422
    assert type_code(client, renewed.code).status_code == 302


def test_too_many_wrong_codes_from_one_address_are_refused_even_the_right_one(
    settings, client, workshop
):
    settings.PARCOURS_WRONG_CODES_PER_ADDRESS = (3, 600)
    for _ in range(3):
        assert type_code(client, "ZZZZZ2").status_code == 422
    refused = type_code(client, workshop.code)
    assert refused.status_code == 429
    assert 'class="alert alert-error"' in refused.text
    # Another address is not held back.
    assert type_code(Client(), workshop.code, address="10.0.0.8").status_code == 302


def test_right_codes_do_not_count_against_the_limit(settings, client, workshop):
    settings.PARCOURS_WRONG_CODES_PER_ADDRESS = (2, 600)
    for _ in range(5):
        assert type_code(client, workshop.code).status_code == 302


def test_codes_are_unique_among_open_workshops(journey_map, owner, workspace):
    from maps.models import JourneyMap

    codes = {workshops.workshop_start(user=owner, map_id=journey_map.pk).code}
    for number in range(5):
        other = JourneyMap.objects.create(
            workspace=workspace, title=f"Carte {number}", journey_type=journey_map.journey_type
        )
        codes.add(workshops.workshop_start(user=owner, map_id=other.pk).code)
    assert len(codes) == Workshop.objects.count() == 6


def test_a_code_clash_with_an_open_workshop_draws_another(monkeypatch, journey_map, owner):
    from maps.models import JourneyMap

    first = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    draws = iter([first.code, "KKKKKK"])
    monkeypatch.setattr(workshops, "new_join_code", lambda: next(draws))
    other = JourneyMap.objects.create(
        workspace=journey_map.workspace, title="Autre", journey_type=journey_map.journey_type
    )
    assert workshops.workshop_start(user=owner, map_id=other.pk).code == "KKKKKK"
