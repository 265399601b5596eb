"""Persona photos: re-encoded, stripped, oriented; attack files refused, nothing half-saved.

Every file here is made by the test itself.
"""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from personas import photos
from personas.models import Persona
from tests.conftest import client_for
from tests.personas.attack_files import jpeg_claiming, png_claiming

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root) -> list[str]:
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


def jpeg_with_gps(width=40, height=20, orientation=1) -> bytes:
    image = Image.new("RGB", (width, height), "red")
    # The left half blue: after rotation it tells which way the picture turned.
    image.paste((0, 0, 255), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "SpyCam"  # camera make
    exif.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 24.0)  # latitude of Paris
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# The pipeline -----------------------------------------------------------------


def test_it_strips_exif_and_gps_from_a_jpeg():
    photo = photos.process_bytes(jpeg_with_gps())
    image = Image.open(io.BytesIO(photo.content))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"SpyCam" not in photo.content
    assert "exif" not in image.info and "icc_profile" not in image.info


def test_it_applies_the_exif_orientation():
    # Orientation 6: the camera was turned; the picture must come out upright (portrait).
    photo = photos.process_bytes(jpeg_with_gps(width=40, height=20, orientation=6))
    image = Image.open(io.BytesIO(photo.content))
    assert (image.width, image.height) == (20, 40)
    top_pixel = image.convert("RGB").getpixel((10, 2))
    assert top_pixel[2] > 200 and top_pixel[0] < 80  # the blue half is now on top


def test_it_accepts_png_with_transparency_and_webp():
    transparent = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    png = Image.open(io.BytesIO(photos.process_bytes(encoded(transparent, "PNG")).content))
    assert png.format == "JPEG" and png.convert("RGB").getpixel((5, 5)) == (255, 255, 255)
    webp = photos.process_bytes(encoded(Image.new("RGB", (30, 30), "green"), "WEBP"))
    assert Image.open(io.BytesIO(webp.content)).format == "JPEG"


def test_it_shrinks_big_photos_for_storage():
    photo = photos.process_bytes(encoded(Image.new("RGB", (3200, 1600)), "JPEG"))
    assert (photo.width, photo.height) == (photos.STORED_SIDE, photos.STORED_SIDE // 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a photo"),
        (b"name,password\nnell,secret\n", "not a photo"),
        (encoded(Image.new("RGB", (8, 8)), "GIF"), "not a photo"),
        (encoded(Image.new("RGB", (8, 8)), "BMP"), "not a photo"),
        (jpeg_with_gps(400, 300)[:600], "damaged or incomplete"),
        (png_claiming(40_000, 40_000), "far too large"),
        (jpeg_claiming(10_000, 10_000), "10000 × 10000 pixels (100 megapixels)"),
    ],
    ids=["svg", "renamed-text", "gif", "bmp", "truncated", "decompression-bomb", "100-megapixel"],
)
def test_it_refuses_what_is_not_a_sensible_photo(content, message):
    with pytest.raises(photos.PhotoRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        photos.process_bytes(content)


def test_it_refuses_files_over_10_mb_before_reading_them():
    big = upload(b"\xff\xd8" + b"0" * photos.MAX_BYTES)
    with pytest.raises(photos.PhotoRefused, match="10 MB at most"):
        photos.process_upload(big)


def test_thumbnails_are_made_once_and_deleted_with_the_photo(media_root):
    name = photos.store(photos.process_bytes(encoded(Image.new("RGB", (900, 600)), "JPEG")).content)
    card = photos.thumbnail(name, "card")
    assert card == photos.thumbnail(name, "card")
    with Image.open(media_root / card) as image:
        assert max(image.size) == photos.THUMBNAILS["card"]
    photos.thumbnail(name, "page")
    assert len(stored_files(media_root)) == 3
    photos.delete(name)
    assert stored_files(media_root) == []


# After a PDF: WeasyPrint makes Pillow lenient for the whole process ------------------


def cut_in_half(fmt: str) -> bytes:
    # Noise, so that half the file holds half the pixels (a plain colour compresses to a few bytes).
    whole = encoded(Image.frombytes("RGB", (200, 150), os.urandom(200 * 150 * 3)), fmt)
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_upload_is_refused_even_after_a_pdf_was_rendered(
    fmt, owner_client, journey_map, persona, persona_data, media_root
):
    from maps.export.options import PdfOptions
    from maps.export.pdf import render_document

    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    pdf, _pages = render_document(journey_map, PdfOptions())
    assert pdf.startswith(b"%PDF")
    # What WeasyPrint did to the process, the precondition of the bug.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    persona_data["photo_upload"] = upload(cut_in_half(fmt), name=f"cut.{fmt.lower()}")
    response = owner_client.post(reverse("personas:create"), persona_data)
    assert response.status_code == 422
    assert "damaged or incomplete" in response.content.decode()
    assert not Persona.objects.filter(name="Ludovic").exists()
    # And WeasyPrint gets its setting back for the next PDF.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_strict_decoding_puts_the_flag_back_even_when_the_decode_fails(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(photos.PhotoRefused):
        photos.process_bytes(cut_in_half("PNG"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


# Through the persona form ----------------------------------------------------------


def test_a_photo_uploaded_with_a_new_persona_is_stored_re_encoded(
    owner_client, persona_data, media_root
):
    persona_data["photo_upload"] = upload(jpeg_with_gps(), name="nell.jpg")
    response = owner_client.post(reverse("personas:create"), persona_data)
    assert response.status_code == 302
    persona = Persona.objects.get(name="Ludovic")
    assert persona.photo.name.startswith("personas/") and persona.photo.name.endswith(".jpg")
    assert b"SpyCam" not in (media_root / persona.photo.name).read_bytes()


def test_a_refused_photo_saves_nothing_and_says_why(owner_client, persona_data, media_root):
    persona_data["photo_upload"] = upload(
        b"<svg></svg>", name="evil.svg", content_type="image/svg+xml"
    )
    response = owner_client.post(reverse("personas:create"), persona_data)
    assert response.status_code == 422
    assert "not a photo we can use" in response.content.decode()
    # The typed text is still in the form.
    assert "Comptable à Bordeaux" in response.content.decode()
    assert not Persona.objects.filter(name="Ludovic").exists()
    assert stored_files(media_root) == []


def test_a_refused_photo_keeps_the_old_one(owner_client, persona, edit_data, media_root):
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    before = stored_files(media_root)
    data = edit_data(persona, name="Nell 2")
    data["photo_upload"] = upload(jpeg_with_gps(400, 300)[:500])
    response = owner_client.post(reverse("personas:edit", args=[persona.pk]), data)
    assert response.status_code == 422
    persona.refresh_from_db()
    assert persona.name == "Nell" and persona.photo.name
    assert stored_files(media_root) == before


def test_a_failed_save_leaves_no_orphan_file(owner, persona_data, media_root, monkeypatch):
    from personas import services

    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Persona, "save", broken_save)
    files = {"photo_upload": upload(jpeg_with_gps())}
    with pytest.raises(RuntimeError):
        services.persona_create(
            user=owner, workspace=owner.memberships.get().workspace, data=persona_data, files=files
        )
    assert stored_files(media_root) == []


def test_a_new_photo_replaces_the_old_files(
    owner_client, persona, edit_data, media_root, django_capture_on_commit_callbacks
):
    url = reverse("personas:edit", args=[persona.pk])
    with django_capture_on_commit_callbacks(execute=True):
        data = edit_data(persona)
        data["photo_upload"] = upload(jpeg_with_gps())
        owner_client.post(url, data)
    persona.refresh_from_db()
    first = persona.photo.name
    persona.photo_thumbnail("card")
    with django_capture_on_commit_callbacks(execute=True):
        data = edit_data(persona)
        data["photo_upload"] = upload(encoded(Image.new("RGB", (50, 50), "blue"), "PNG"), "b.png")
        owner_client.post(url, data)
    persona.refresh_from_db()
    assert persona.photo.name != first
    assert stored_files(media_root) == [persona.photo.name.split("/")[-1]]


def test_removing_the_photo_deletes_its_files(
    owner_client, persona, edit_data, media_root, django_capture_on_commit_callbacks
):
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    with django_capture_on_commit_callbacks(execute=True):
        data = edit_data(persona, remove_photo="on")
        owner_client.post(reverse("personas:edit", args=[persona.pk]), data)
    persona.refresh_from_db()
    assert not persona.photo
    assert stored_files(media_root) == []


def test_deleting_a_persona_deletes_its_photo(
    owner_client, persona, media_root, django_capture_on_commit_callbacks
):
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    persona.photo_thumbnail("page")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("personas:delete", args=[persona.pk]))
    assert stored_files(media_root) == []


# Serving -------------------------------------------------------------------------


@pytest.fixture
def photographed(persona):
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps(600, 400)).content)
    persona.save()
    return persona


def test_members_get_the_thumbnail(marketer_client, photographed):
    response = marketer_client.get(photographed.photo_card_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert max(image.size) == photos.THUMBNAILS["card"]


def test_outsiders_and_strangers_get_no_photo(outsider_client, client, photographed):
    assert outsider_client.get(photographed.photo_card_url).status_code == 404
    assert client.get(photographed.photo_card_url).status_code == 302


def test_unknown_sizes_and_missing_photos_are_404(owner_client, photographed, b2b_persona):
    assert (
        owner_client.get(reverse("personas:photo", args=[photographed.pk, "huge"])).status_code
        == 404
    )
    assert (
        owner_client.get(reverse("personas:photo", args=[b2b_persona.pk, "card"])).status_code
        == 404
    )


def test_the_pdf_gets_a_file_path_for_the_thumbnail(photographed):
    path = photographed.photo_path("page")
    with Image.open(path) as image:
        assert max(image.size) == photos.THUMBNAILS["page"]
    assert Persona(name="Sans photo").photo_path() is None


def test_cards_and_the_persona_page_show_the_photo(owner_client, photographed):
    listing = owner_client.get(reverse("personas:list")).content.decode()
    assert photographed.photo_card_url.replace("&", "&amp;") in listing
    page = owner_client.get(photographed.get_absolute_url()).content.decode()
    assert photographed.photo_page_url in page


def test_the_owner_of_another_workspace_cannot_upload_through_the_edit_page(
    outsider, photographed, edit_data
):
    data = edit_data(photographed)
    data["photo_upload"] = upload(jpeg_with_gps())
    response = client_for(outsider).post(reverse("personas:edit", args=[photographed.pk]), data)
    assert response.status_code == 404


def test_a_good_photo_sent_with_an_invalid_form_is_asked_for_again(owner_client, persona_data):
    persona_data["name"] = ""
    persona_data["photo_upload"] = upload(jpeg_with_gps())
    response = owner_client.post(reverse("personas:create"), persona_data)
    assert response.status_code == 422
    assert "choose the photo again" in response.content.decode()
