"""The export page and the three downloads: who may, what comes back, the PDF cache."""

import json
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from maps import services
from maps.export import cache as export_cache
from tests.conftest import HTMX
from tests.maps.export_flow import DEFAULT_QUERY, PDF_QUERY, prepare, start
from tests.maps.pdf_text import page_sizes_mm, pages_text


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def export_url(journey_map, name="maps:export"):
    return reverse(name, args=[journey_map.pk])


def test_it_shows_the_export_choices_with_a3_and_every_section_by_default(
    owner_client, journey_map
):
    response = owner_client.get(export_url(journey_map))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'value="A3"[^>]* checked', html)
    assert not re.search(r'value="A4"[^>]* checked', html)
    for section in ("cover", "personas", "grid", "curve", "pain_points"):
        assert f'value="{section}"' in html
    assert export_url(journey_map, "maps:export-json") in html
    assert export_url(journey_map, "maps:export-csv") in html


def test_a_marketer_may_export(marketer_client, journey_map):
    assert marketer_client.get(export_url(journey_map)).status_code == 200
    assert prepare(marketer_client, journey_map, DEFAULT_QUERY).context["ready"]
    response = marketer_client.get(export_url(journey_map, "maps:export-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "name", ["maps:export", "maps:export-pdf", "maps:export-json", "maps:export-csv"]
)
def test_it_hides_the_map_from_outsiders(outsider_client, journey_map, name):
    assert outsider_client.get(export_url(journey_map, name)).status_code == 404


@pytest.mark.parametrize(
    "name", ["maps:export", "maps:export-pdf", "maps:export-json", "maps:export-csv"]
)
def test_it_requires_login(client, journey_map, name):
    response = client.get(export_url(journey_map, name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_preparing_offers_the_download_with_its_page_count(owner_client, journey_map):
    response = prepare(owner_client, journey_map)
    assert response.status_code == 200
    ready = response.context["ready"]
    assert ready["pages"] == 2
    assert ready["from_cache"] is False
    assert ready["url"] in response.content.decode().replace("&amp;", "&")


def test_preparing_through_htmx_returns_only_the_form_fragment(owner_client, journey_map):
    response = start(owner_client, journey_map, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="export-form"')
    assert "<html" not in html
    assert "Accept-Encoding" in response["Vary"] and "HX-Request" in response["Vary"]


def test_bad_choices_are_refused_where_the_user_chose(owner_client, journey_map):
    response = start(owner_client, journey_map, {"paper": "A7", "layout": "fit"}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "export-ready" not in html
    assert html.count('class="errorlist') == 2  # the paper, and no section chosen


def test_the_download_is_a_pdf_of_the_chosen_paper_named_after_the_map(owner_client, journey_map):
    prepare(owner_client, journey_map)
    response = owner_client.get(export_url(journey_map, "maps:export-pdf"), PDF_QUERY)
    assert response["Content-Disposition"] == (
        'attachment; filename="nell-achete-une-baguette-a4-tile.pdf"'
    )
    content = response.content
    assert page_sizes_mm(content) == [(297, 210), (297, 210)]
    assert "Pas de pain ce soir !" in " ".join(pages_text(content))


def test_an_unchanged_map_is_served_from_the_cache(owner_client, journey_map):
    with mock.patch.object(
        export_cache.bounded, "render_in_child", wraps=export_cache.bounded.render_in_child
    ) as render:
        prepare(owner_client, journey_map)
        again = start(owner_client, journey_map)
        download = owner_client.get(export_url(journey_map, "maps:export-pdf"), PDF_QUERY)
    assert render.call_count == 1
    assert again.context["ready"]["from_cache"] is True
    assert download.content.startswith(b"%PDF")


def test_a_change_to_the_map_or_other_options_renders_again(owner, owner_client, journey_map):
    with mock.patch.object(
        export_cache.bounded, "render_in_child", wraps=export_cache.bounded.render_in_child
    ) as render:
        prepare(owner_client, journey_map)
        prepare(owner_client, journey_map, {**PDF_QUERY, "paper": "A3"})
        services.item_create(
            user=owner,
            map_id=journey_map.pk,
            kind_name="stage",
            data={"name": "Fidélité"},
        )
        # The PDF of the old map is not served for the new one.
        assert (
            owner_client.get(export_url(journey_map, "maps:export-pdf"), PDF_QUERY).status_code
            == 409
        )
        prepare(owner_client, journey_map)
        response = owner_client.get(export_url(journey_map, "maps:export-pdf"), PDF_QUERY)
    assert render.call_count == 3
    assert "Fidélité" in " ".join(pages_text(response.content))


def test_a_persona_edited_in_the_library_renders_again(owner_client, journey_map, persona):
    prepare(owner_client, journey_map, DEFAULT_QUERY)
    persona.quote = "Une baguette bien cuite, sinon rien."
    persona.version += 1
    persona.save()
    prepare(owner_client, journey_map, DEFAULT_QUERY)
    response = owner_client.get(export_url(journey_map, "maps:export-pdf"))
    assert "sinon rien" in " ".join(pages_text(response.content))


def test_the_json_download_is_the_map_in_the_versioned_format(owner_client, journey_map):
    response = owner_client.get(export_url(journey_map, "maps:export-json"))
    assert response["Content-Disposition"].endswith('.parcours.json"')
    data = json.loads(response.content)
    assert data["format"] == "parcours.journey-map"
    assert data["schema_version"] == 4
    assert [stage["name"] for stage in data["stages"]] == ["Besoin", "Achat"]


def test_the_csv_download_lists_the_cards(owner_client, journey_map):
    response = owner_client.get(export_url(journey_map, "maps:export-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Named after what it holds, in the interface's words: post-it, not "cartes" (maps).
    assert response["Content-Disposition"].endswith('-post-it.csv"')
    assert "Pas de pain ce soir !" in response.content.decode("utf-8-sig")


def test_the_map_page_and_the_map_list_link_to_the_export(marketer_client, journey_map):
    for page in (journey_map.get_absolute_url(), reverse("maps:list")):
        html = marketer_client.get(page).content.decode()
        assert export_url(journey_map) in html


def test_a_map_without_stages_warns_that_its_pdf_is_short(owner_client, journey_map):
    url = export_url(journey_map)
    assert "alert-info" not in owner_client.get(url).content.decode()
    journey_map.stages.all().delete()
    assert "alert-info" in owner_client.get(url).content.decode()


@pytest.mark.parametrize("name", ["maps:export-pdf", "maps:export-json", "maps:export-csv"])
def test_downloads_are_kept_by_no_cache(owner_client, journey_map, name):
    prepare(owner_client, journey_map, DEFAULT_QUERY)
    response = owner_client.get(export_url(journey_map, name))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
