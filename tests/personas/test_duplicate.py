import pytest
from django.urls import reverse

from personas import photos
from personas.models import Persona
from tests.personas.test_photos import jpeg_with_gps


@pytest.fixture
def photographed(settings, tmp_path, persona):
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.needs = "Du pain frais"
    persona.save()
    return persona


def duplicate_url(persona):
    return reverse("personas:duplicate", args=[persona.pk])


def test_it_copies_every_field_and_opens_the_copy_for_editing(owner_client, photographed):
    response = owner_client.post(duplicate_url(photographed))
    copy = Persona.objects.exclude(pk=photographed.pk).get()
    assert response["Location"] == reverse("personas:edit", args=[copy.pk])
    assert copy.name == "Nell (copy)"
    assert (copy.age, copy.quote, copy.needs) == (34, photographed.quote, "Du pain frais")
    assert copy.workspace == photographed.workspace and copy.version == 1


def test_the_copy_has_its_own_photo_file(owner_client, photographed, tmp_path):
    owner_client.post(duplicate_url(photographed))
    copy = Persona.objects.exclude(pk=photographed.pk).get()
    assert copy.photo.name != photographed.photo.name
    photos.delete(photographed.photo.name)
    assert (tmp_path / copy.photo.name).exists()


def test_the_copy_is_in_no_map(owner_client, photographed, journey_map):
    owner_client.post(duplicate_url(photographed))
    assert not Persona.objects.exclude(pk=photographed.pk).get().maps.exists()


def test_readers_and_outsiders_cannot_duplicate(marketer_client, outsider_client, persona):
    assert marketer_client.post(duplicate_url(persona)).status_code == 403
    assert outsider_client.post(duplicate_url(persona)).status_code == 404
    assert marketer_client.get(duplicate_url(persona)).status_code == 405
    assert Persona.objects.count() == 1


def test_the_persona_page_offers_it_to_editors_only(owner_client, marketer_client, persona):
    assert duplicate_url(persona) in owner_client.get(persona.get_absolute_url()).content.decode()
    page = marketer_client.get(persona.get_absolute_url()).content.decode()
    assert duplicate_url(persona) not in page
