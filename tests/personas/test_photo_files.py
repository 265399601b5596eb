"""A persona photo is only ever served through the view that checks access: its file
has no URL of its own, whether DEBUG is on or off."""

import importlib

import pytest
from django.urls import clear_url_caches, reverse

import journeymap.urls
from personas import photos
from tests.conftest import client_for
from tests.personas.test_photos import jpeg_with_gps


@pytest.fixture
def photo_persona(persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    persona.photo_thumbnail("card")
    return persona


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def urls_built_with_debug(request, settings, photo_persona):
    """The URLs as the project builds them with DEBUG off, then with DEBUG on (after
    MEDIA_ROOT is set: a media route would serve from the MEDIA_ROOT of that moment)."""
    settings.DEBUG = request.param
    importlib.reload(journeymap.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(journeymap.urls)
    clear_url_caches()


@pytest.mark.usefixtures("urls_built_with_debug")
@pytest.mark.parametrize("who", ["outsider", "owner", "anonymous"])
def test_a_photo_file_has_no_url_of_its_own(who, photo_persona, outsider, owner, client):
    visitor = {"outsider": client_for(outsider), "owner": client_for(owner)}.get(who, client)
    visitor.raise_request_exception = False
    names = [photo_persona.photo.name, photo_persona.photo_thumbnail("card")]
    for name in names:
        assert photos.default_storage.exists(name)  # the file is there...
        response = visitor.get(f"/media/{name}")
        assert response.status_code == 404, name  # ...and no URL leads to it


def test_the_photo_view_still_serves_members_and_refuses_outsiders(photo_persona, owner, outsider):
    url = reverse("personas:photo", args=[photo_persona.pk, "card"])
    assert client_for(owner).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
