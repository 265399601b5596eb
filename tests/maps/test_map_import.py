"""The Import page: a JSON map file becomes a new map, or nothing at all."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maps.export import json_format
from maps.models import JourneyMap

URL = reverse("maps:import")


def upload(content: bytes, name: str = "carte.parcours.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


@pytest.fixture
def exported(journey_map) -> bytes:
    return json_format.dumps(journey_map).encode()


def test_it_offers_the_workspaces_where_the_user_creates_maps(owner_client, workspace):
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields["workspace"].queryset) == [workspace]


def test_a_valid_file_becomes_a_new_map(owner_client, journey_map, workspace, exported):
    response = owner_client.post(URL, {"file": upload(exported), "workspace": workspace.pk})
    copy = JourneyMap.objects.exclude(pk=journey_map.pk).get()
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert copy.stages.count() == 2


def test_a_bad_file_is_refused_with_its_reason_and_creates_nothing(owner_client, workspace):
    bad = json.dumps({"format": "parcours.journey-map", "schema_version": 1, "map": 3})
    response = owner_client.post(URL, {"file": upload(bad.encode()), "workspace": workspace.pk})
    assert response.status_code == 422
    html = response.content.decode()
    # Where and why, in the user's language (French first).
    assert "map : un objet était attendu." in html and 'class="errorlist' in html
    assert not JourneyMap.objects.exists()


def test_a_file_too_large_is_refused_before_reading(owner_client, workspace):
    big = upload(b" " * (json_format.max_bytes() + 1))
    response = owner_client.post(URL, {"file": big, "workspace": workspace.pk})
    assert response.status_code == 422
    assert not JourneyMap.objects.exists()


def test_a_workspace_of_someone_else_cannot_be_chosen(
    owner_client, journey_map, other_workspace, exported
):
    response = owner_client.post(URL, {"file": upload(exported), "workspace": other_workspace.pk})
    assert response.status_code == 422
    assert JourneyMap.objects.count() == 1


def test_a_marketer_cannot_import(marketer_client):
    assert marketer_client.get(URL).status_code == 403
    assert marketer_client.post(URL).status_code == 403


def test_the_map_list_offers_the_import_to_editors_only(owner_client, marketer_client):
    assert URL in owner_client.get(reverse("maps:list")).content.decode()
    assert URL not in marketer_client.get(reverse("maps:list")).content.decode()


def test_a_reader_here_who_facilitates_elsewhere_imports_there(
    marketer, other_workspace, journey_map, exported
):
    from tests.conftest import client_for
    from workspaces.models import Membership, Role

    Membership.objects.create(workspace=other_workspace, user=marketer, role=Role.FACILITATOR)
    client = client_for(marketer)
    page = client.get(URL)
    assert list(page.context["form"].fields["workspace"].queryset) == [other_workspace]
    assert page.context["form"].initial["workspace"] == other_workspace
    response = client.post(URL, {"file": upload(exported), "workspace": other_workspace.pk})
    assert response.status_code == 302
    assert JourneyMap.objects.filter(workspace=other_workspace).count() == 1


@pytest.mark.parametrize(
    ("escape", "message"),
    [("\\ud800", "un caractère invalide"), ("\\u0000", "un caractère nul")],
)
def test_a_file_with_a_lone_surrogate_or_a_null_character_is_refused_with_a_message(
    owner_client, workspace, escape, message
):
    raw = (
        '{"format": "parcours.journey-map", "schema_version": 2,'
        ' "map": {"title": "Carte ' + escape + '", "journey_type": "integration"},'
        ' "lanes": [{"kind": "x' + escape + '"}]}'
    ).encode()
    response = owner_client.post(URL, {"file": upload(raw), "workspace": workspace.pk})
    assert response.status_code == 422
    assert "map.title" in response.content.decode() and message in response.content.decode()
    assert not JourneyMap.objects.exists()


def test_an_unknown_value_quoted_in_the_message_cannot_break_the_page(owner_client, workspace):
    raw = (
        b'{"format": "parcours.journey-map", "schema_version": 2,'
        b' "map": {"title": "Carte", "journey_type": "integration"},'
        b' "lanes": [{"kind": "x\\ud800\\u0000"}]}'
    )
    response = owner_client.post(URL, {"file": upload(raw), "workspace": workspace.pk})
    assert response.status_code == 422
    assert "lanes[0].kind" in response.content.decode()


def test_a_file_over_the_upload_bound_is_refused_with_the_limit_and_not_stored(
    owner_client, workspace, settings, monkeypatch
):
    from maps.views import exports

    settings.PARCOURS_MAX_IMPORT_MB = 1
    stored = []
    original = exports.BoundedUpload.receive_data_chunk

    def counting(self, raw_data, start):
        chunk = original(self, raw_data, start)
        stored.append(len(chunk))
        return chunk

    monkeypatch.setattr(exports.BoundedUpload, "receive_data_chunk", counting)
    big = upload(b" " * (3 * 1024 * 1024))
    response = owner_client.post(URL, {"file": big, "workspace": workspace.pk})
    assert response.status_code == 422
    assert "au plus 1 Mo" in response.content.decode()
    # Reading stopped at the bound: no more than a megabyte went on to be stored.
    assert sum(stored) <= 1024 * 1024
    assert not JourneyMap.objects.exists()


def test_the_import_still_needs_the_csrf_token(owner, workspace, exported):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(URL, {"file": upload(exported), "workspace": workspace.pk})
    assert response.status_code == 403
    assert not JourneyMap.objects.filter(title__endswith="(copie)").exists()
