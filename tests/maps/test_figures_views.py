"""The figures import pages: upload and preview, confirm, the example file, and who may."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maps.figures_import import MAX_ROWS
from maps.models import Card, LaneKind, MapEvent

GOOD = (
    "étape;indicateur;valeur;unité;cible;date;source\r\n"
    "Achat;Attente en caisse;4,5;min;3;02/10/2026;Ticket de caisse\r\n"
    "Besoin;Visites;1 200;;;;Analytics\r\n"
)


def upload(client, journey_map, text: str | bytes, name: str = "chiffres.csv"):
    raw = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("maps:figures-import", args=[journey_map.pk]),
        {"file": SimpleUploadedFile(name, raw, content_type="text/csv")},
    )


def confirm(client, journey_map, token: str):
    return client.post(reverse("maps:figures-confirm", args=[journey_map.pk]), {"token": token})


def test_the_page_explains_the_format_and_offers_an_example(owner_client, journey_map):
    response = owner_client.get(reverse("maps:figures-import", args=[journey_map.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Importer des chiffres" in page
    assert reverse("maps:figures-example", args=[journey_map.pk]) in page
    example = owner_client.get(reverse("maps:figures-example", args=[journey_map.pk]))
    assert example["Content-Type"].startswith("text/csv")
    text = example.content.decode("utf-8-sig")
    assert text.startswith("étape;indicateur;valeur;unité")
    assert "Besoin;" in text  # the map's own stages


def test_a_good_file_is_previewed_then_imported_on_confirmation(owner_client, journey_map):
    response = upload(owner_client, journey_map, GOOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Attente en caisse" in page and "4,5\u00a0min" in page
    # The map has no metrics lane: the preview says one will be added.
    assert "ligne « Indicateurs » sera ajoutée" in page
    # Nothing is written before the confirmation.
    assert not Card.objects.filter(text="Attente en caisse").exists()
    token = response.context["token"]
    response = confirm(owner_client, journey_map, token)
    assert response.status_code == 302
    assert response["Location"] == journey_map.get_absolute_url()
    card = Card.objects.get(text="Attente en caisse")
    assert (card.value, card.unit, card.evidence) == (Decimal("4.5"), "minutes", "measured")
    assert card.lane.kind == LaneKind.METRICS
    assert MapEvent.objects.filter(kind="figures.imported").count() == 1
    # The same preview cannot be imported twice.
    assert confirm(owner_client, journey_map, token).status_code == 409
    assert MapEvent.objects.filter(kind="figures.imported").count() == 1


def test_a_file_with_a_bad_row_imports_nothing_and_lists_every_refusal(owner_client, journey_map):
    bad = GOOD + "Livraison;Délai;3;j;;;\r\nAchat;Total;=SOMME(A1:A3);;;;\r\n"
    response = upload(owner_client, journey_map, bad)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Rien n'a été importé" in page
    assert "Ligne 4" in page and "Livraison" in page
    assert "Ligne 5" in page
    assert "token" not in response.context or not response.context.get("token")
    assert "figures_import" not in owner_client.session
    assert not Card.objects.filter(text="Attente en caisse").exists()


def test_a_file_not_in_utf8_is_refused_on_the_page(owner_client, journey_map):
    response = upload(owner_client, journey_map, GOOD.encode("cp1252"))
    assert response.status_code == 422
    assert "UTF-8" in response.content.decode()


def test_ten_thousand_rows_are_refused_with_a_message(owner_client, journey_map):
    rows = "".join(f"Achat;Indicateur {n};{n};%;;;\r\n" for n in range(10_000))
    response = upload(
        owner_client, journey_map, "étape;indicateur;valeur;unité;cible;date;source\r\n" + rows
    )
    assert response.status_code == 422
    assert f"plus de {MAX_ROWS:,}".replace(",", "\u00a0") in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(owner_client, journey_map, settings):
    settings.PARCOURS_MAX_IMPORT_MB = 1
    response = upload(owner_client, journey_map, GOOD + "x" * (1024 * 1024))
    assert response.status_code == 422
    assert "1 Mo" in response.content.decode()


def test_a_token_from_another_map_or_a_forged_one_is_refused(owner_client, journey_map):
    token = upload(owner_client, journey_map, GOOD).context["token"]
    assert confirm(owner_client, journey_map, "forged").status_code == 409
    assert not Card.objects.filter(text="Attente en caisse").exists()
    assert confirm(owner_client, journey_map, token).status_code == 302


@pytest.mark.parametrize("who", ["guest_client", "marketer_client"])
def test_guests_and_marketers_may_not_import(request, who, journey_map):
    client = request.getfixturevalue(who)
    assert client.get(reverse("maps:figures-import", args=[journey_map.pk])).status_code == 403
    assert upload(client, journey_map, GOOD).status_code == 403
    assert confirm(client, journey_map, "x").status_code == 403


def test_another_workspace_gets_a_404(outsider_client, journey_map):
    assert (
        outsider_client.get(reverse("maps:figures-import", args=[journey_map.pk])).status_code
        == 404
    )
    assert upload(outsider_client, journey_map, GOOD).status_code == 404
    example = reverse("maps:figures-example", args=[journey_map.pk])
    assert outsider_client.get(example).status_code == 404


def test_a_locked_map_refuses_the_import(owner_client, journey_map):
    token = upload(owner_client, journey_map, GOOD).context["token"]
    journey_map.locked = True
    journey_map.save()
    assert confirm(owner_client, journey_map, token).status_code == 403
    assert not Card.objects.filter(text="Attente en caisse").exists()


def test_the_map_page_links_the_import_for_facilitators(owner_client, journey_map):
    link = f'href="{reverse("maps:figures-import", args=[journey_map.pk])}"'
    page = owner_client.get(journey_map.get_absolute_url()).content.decode()
    # In the facilitators' tools, which the page hides from others and on a locked map.
    tools = page.split('class="map-actions edit-control facilitator-control"')[1].split("</div>")[0]
    assert link in tools
