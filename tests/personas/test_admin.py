"""Photos uploaded through the Django admin take the same checks as in the app."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import client_for
from tests.personas.test_photos import jpeg_with_gps


@pytest.fixture
def staff_client(db):
    staff = get_user_model().objects.create_user("staff", is_staff=True, is_superuser=True)
    return client_for(staff)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def admin_form(persona, photo):
    return {
        "workspace": persona.workspace_id,
        "name": persona.name,
        "segment": persona.segment,
        "photo": photo,
        **{
            name: ""
            for name in [
                "age",
                "professional_situation",
                "family_situation",
                "hobbies",
                "consumption_habits",
                "needs",
                "expectations",
                "goals",
                "motivations",
                "reluctances",
                "frictions",
                "quote",
            ]
        },
    }


def test_an_admin_upload_is_re_encoded_without_exif(staff_client, persona, media_root):
    url = reverse("admin:personas_persona_change", args=[persona.pk])
    photo = SimpleUploadedFile("nell.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = staff_client.post(url, admin_form(persona, photo))
    assert response.status_code == 302
    persona.refresh_from_db()
    stored = (media_root / persona.photo.name).read_bytes()
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_an_admin_upload_of_a_100_megapixel_claim_is_refused(staff_client, persona, media_root):
    from tests.personas.test_photos import jpeg_claiming

    url = reverse("admin:personas_persona_change", args=[persona.pk])
    photo = SimpleUploadedFile("big.jpg", jpeg_claiming(8_000, 8_000), content_type="image/jpeg")
    response = staff_client.post(url, admin_form(persona, photo))
    assert response.status_code == 200
    assert "megapixels" in response.content.decode() or "mégapixels" in response.content.decode()
    persona.refresh_from_db()
    assert not persona.photo
    assert list(media_root.rglob("*.jpg")) == []
