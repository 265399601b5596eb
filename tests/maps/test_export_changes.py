"""The PDF's "What changed since …" section, and its place in the PDF cache's key."""

import pytest
from django.utils import translation

from maps import snapshots
from maps.export.cache import cache_key
from maps.export.options import PdfOptions, PdfOptionsForm
from maps.export.pdf import render_document
from maps.services import item_update
from tests.maps.pdf_text import pages_text, squeeze


@pytest.fixture
def changed(journey_map, owner):
    snapshot = snapshots.take(journey_map, name="Atelier de novembre", user=owner)
    card = journey_map.cards.get()
    item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "stage": card.stage_id,
            "lane": card.lane_id,
            "text": "Pas de pain frais ce soir !",
            "version": card.version,
        },
    )
    return snapshot


def test_the_pdf_ends_with_what_changed_since_the_snapshot(journey_map, changed):
    with translation.override("en"):
        content, _pages = render_document(
            journey_map, PdfOptions(sections=("cover",), since=changed.pk)
        )
    text = squeeze(" ".join(pages_text(content)))
    assert squeeze("What changed since “Atelier de novembre”") in text
    assert squeeze("Pas de pain frais ce soir !") in text
    assert squeeze("1 changed") in text


def test_without_the_option_there_is_no_such_section(journey_map, changed):
    with translation.override("en"):
        content, _pages = render_document(journey_map, PdfOptions(sections=("cover",)))
    assert "What changed" not in " ".join(pages_text(content))


def test_the_cache_key_depends_on_the_snapshot_chosen(journey_map, changed):
    other = snapshots.take(journey_map, name="Autre")
    keys = {
        cache_key(journey_map, PdfOptions()),
        cache_key(journey_map, PdfOptions(since=changed.pk)),
        cache_key(journey_map, PdfOptions(since=other.pk)),
    }
    assert len(keys) == 3


def test_the_form_offers_the_map_s_snapshots_only(journey_map, changed, workspace):
    from maps.sample import build_map

    theirs = snapshots.take(build_map(workspace, stages=1, lanes=1, cards=1), name="Ailleurs")
    mine = journey_map.snapshots.all()
    query = {"paper": "A4", "layout": "fit", "sections": ["cover"], "since": str(changed.pk)}
    form = PdfOptionsForm(query, snapshots=mine)
    assert form.is_valid()
    assert form.options().since == changed.pk
    assert not PdfOptionsForm({**query, "since": str(theirs.pk)}, snapshots=mine).is_valid()
    assert "since" not in PdfOptionsForm(snapshots=[]).fields
