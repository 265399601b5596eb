"""The PDF itself: what it contains, its pages, its fonts, and what it refuses to load."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from maps.export.fetcher import LockedURLFetcher
from maps.export.options import PdfOptions
from maps.export.pdf import render_document
from maps.models import Card, Lane, LaneKind, Stage, Touchpoint
from maps.sample import build_map
from tests.maps.pdf_text import font_names, page_sizes_mm, pages_text, reader, squeeze

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<a rel="attachment" href="file:///etc/passwd">pièce jointe</a>',
    "<style>body { background: url(http://127.0.0.1:9/track.png) }</style>",
    '<link rel="stylesheet" href="https://example.com/x.css">',
]


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def render(journey_map, **options) -> tuple[bytes, int]:
    return render_document(journey_map, PdfOptions(**options))


def test_every_stage_touchpoint_card_and_persona_is_in_the_pdf(journey_map):
    content, _pages = render(journey_map)
    text = squeeze(" ".join(pages_text(content)))
    for name in ["Besoin", "Achat", "Bus", "Descend du bus", "Pas de pain ce soir !", "Nell"]:
        assert squeeze(name) in text
    assert squeeze("Le pain, c'est sacré.") in text


def test_a_large_map_loses_no_card(workspace):
    journey_map = build_map(workspace, stages=8, lanes=5, cards=120)
    content, _pages = render(journey_map, sections=("grid",))
    text = squeeze(" ".join(pages_text(content)))
    for card in Card.objects.filter(journey_map=journey_map):
        assert squeeze(card.text) in text, card.text
    for stage in Stage.objects.filter(journey_map=journey_map):
        assert squeeze(stage.name) in text


def test_long_card_texts_wrap_without_losing_words(journey_map):
    lane = journey_map.lanes.first()
    stage = journey_map.stages.first()
    long_text = " ".join(f"mot{n}" for n in range(400))
    Card.objects.create(journey_map=journey_map, lane=lane, stage=stage, text=long_text)
    unbroken = "x" * 300  # no space to break at: it must still wrap, not overflow
    Card.objects.create(journey_map=journey_map, lane=lane, stage=stage, text=unbroken)
    content, _pages = render(journey_map, paper="A4", sections=("grid",))
    text = squeeze(" ".join(pages_text(content)))
    assert squeeze(long_text) in text
    assert unbroken in text


@pytest.mark.parametrize(
    ("paper", "size"),
    [("A4", (297, 210)), ("A3", (420, 297)), ("A1", (841, 594)), ("A0", (1189, 841))],
)
def test_every_page_has_the_chosen_paper_in_landscape(journey_map, paper, size):
    content, pages = render(journey_map, paper=paper)
    assert page_sizes_mm(content) == [size] * pages


def test_each_section_adds_its_pages(journey_map):
    assert render(journey_map)[1] == 4  # cover, one persona, the grid, pain points
    assert render(journey_map, sections=("cover",))[1] == 1
    assert render(journey_map, sections=("cover", "personas"))[1] == 2
    assert render(journey_map, sections=("grid", "curve"))[1] == 1


def test_one_page_per_persona(journey_map, workspace):
    from personas.models import Persona

    journey_map.personas.add(Persona.objects.create(workspace=workspace, name="Ludovic"))
    content, pages = render(journey_map, sections=("personas",))
    assert pages == 2
    first, second = pages_text(content)
    assert "Ludovic" in first and "Nell" in second  # in name order


def test_every_page_carries_the_map_title_and_its_number(journey_map):
    content, pages = render(journey_map)
    for number, text in enumerate(pages_text(content), start=1):
        assert "Nell achète une baguette" in text
        assert f"{number} / {pages}" in text


def test_tiling_repeats_stage_names_and_lane_titles_on_every_page(workspace):
    journey_map = build_map(workspace, stages=12, lanes=6, cards=220)
    lanes = list(Lane.objects.filter(journey_map=journey_map).values_list("title", flat=True))
    content, pages = render(journey_map, paper="A4", layout="tile", sections=("grid",))
    tiles: dict[tuple[int, ...], list[str]] = {}
    for text in pages_text(content):
        stages = tuple(sorted({int(n) for n in re.findall(r"Étape (\d+)\b", text)}))
        assert "Étapes" in text
        tiles.setdefault(stages, []).append(text)
    # 12 stages at A4 are cut into runs of 4; each run's pages repeat its stage names.
    assert sorted(tiles) == [(1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12)]
    assert pages > len(tiles), "the tiles are long enough to run over several pages"
    for tile_pages in tiles.values():
        for title in lanes:
            assert any(squeeze(title) in squeeze(text) for text in tile_pages)


def test_fit_puts_every_stage_across_one_page(workspace):
    journey_map = build_map(workspace, stages=12, lanes=2, cards=24)
    content, pages = render(journey_map, paper="A3", layout="fit", sections=("grid", "curve"))
    assert pages == 1
    found = {int(n) for n in re.findall(r"Étape (\d+)\b", pages_text(content)[0])}
    assert found == set(range(1, 13))


def test_pain_points_are_grouped_by_cause(journey_map):
    pains = journey_map.lanes.get(kind=LaneKind.PAIN_POINTS)
    stage = journey_map.stages.get(name="Achat")
    Card.objects.create(
        journey_map=journey_map, lane=pains, stage=stage, text="La file n'avance pas", cause="time"
    )
    content, _pages = render(journey_map, sections=("pain_points",))
    text = pages_text(content)[0]
    assert text.index("Temps") < text.index("La file n'avance pas") < text.index("Argent")


def test_the_emotion_curve_labels_each_feeling(journey_map):
    Touchpoint.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.get(name="Achat"),
        channel="Caisse",
        emotion=-2,
        feeling="agacée",
    )
    content, _pages = render(journey_map, sections=("curve",))
    text = pages_text(content)[0]
    assert "pressée" in text and "agacée" in text
    assert "Courbe des émotions" in text


def test_the_pdf_uses_only_the_fonts_the_set_up_installs(journey_map):
    content, _pages = render(journey_map)
    fonts = font_names(content)
    assert fonts and all(name.startswith("Inter") for name in fonts), fonts


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_card_text_is_printed_as_text_and_fetches_nothing(journey_map, hostile):
    lane = journey_map.lanes.first()
    Card.objects.create(
        journey_map=journey_map, lane=lane, stage=journey_map.stages.first(), text=hostile
    )
    journey_map.personas.update(name=hostile[:120])
    fetcher = LockedURLFetcher()
    content, _pages = render_document(journey_map, PdfOptions(), fetcher=fetcher)
    assert squeeze(hostile) in squeeze(" ".join(pages_text(content)))
    assert fetcher.refused == []
    css = settings.BASE_DIR / "static" / "css"
    assert fetcher.served == [str(css / "print.css"), str(css / "palette.css")]
    pdf = reader(content)
    assert pdf.attachments == {}
    assert b"root:x:0:0" not in content


def test_a_persona_photo_is_read_from_the_media_root_and_drawn(
    journey_map, persona, settings, tmp_path
):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = BytesIO()
    Image.new("RGB", (40, 40), "#c05030").save(image, "PNG")
    persona.photo.save("nell.png", ContentFile(image.getvalue()))
    fetcher = LockedURLFetcher(roots=[tmp_path.resolve()])
    content, _pages = render_document(
        journey_map, PdfOptions(sections=("personas",)), fetcher=fetcher
    )
    assert fetcher.served == [str(tmp_path.resolve() / "personas" / "nell.png")]
    page = reader(content).pages[0]
    assert len(page.images) == 1


def test_a_persona_without_photo_gets_initials(journey_map, persona):
    persona.name = "Nell Martin"
    persona.save()
    content, _pages = render(journey_map, sections=("personas",))
    assert "NM" in pages_text(content)[0]
    assert len(reader(content).pages[0].images) == 0


def test_the_cover_names_the_people_who_changed_the_map(journey_map, owner, collaborator):
    from maps import services

    owner.first_name, owner.last_name = "Camille", "Durand"
    owner.save()
    for user, name in ((owner, "Fidélité"), (collaborator, "Recommandation"), (owner, "Avis")):
        services.item_create(
            user=user, map_id=journey_map.pk, kind_name="stage", data={"name": name}
        )
    content, _pages = render(journey_map, sections=("cover",))
    text = pages_text(content)[0]
    assert "Camille Durand" in text and "collaborator" in text
    assert text.count("Camille Durand") == 1


def test_a_map_without_stages_still_exports(workspace, owner):
    from maps.models import JourneyMap, JourneyType

    empty = JourneyMap.objects.create(
        workspace=workspace, title="Carte vide", journey_type=JourneyType.objects.first()
    )
    for layout in ("fit", "tile"):
        content, pages = render(empty, layout=layout)
        assert pages == 1
        assert "Carte vide" in pages_text(content)[0]


def test_a_persona_written_at_length_runs_on_without_losing_a_word(journey_map, persona):
    fields = [
        "professional_situation",
        "family_situation",
        "hobbies",
        "consumption_habits",
        "needs",
        "expectations",
        "goals",
        "frictions",
    ]
    for number, field in enumerate(fields):
        setattr(persona, field, " ".join(f"champ{number}mot{n}" for n in range(500)))
    persona.quote = "Q" * 300  # no space to break at
    persona.save()
    content, pages = render(journey_map, paper="A4", sections=("personas",))
    assert pages > 1
    words = set(" ".join(pages_text(content)).split())
    for number in range(len(fields)):
        assert {f"champ{number}mot0", f"champ{number}mot499"} <= words
    assert "Q" * 300 in squeeze(" ".join(pages_text(content)))


def test_a_long_scope_runs_on_from_the_cover_without_losing_a_word(journey_map):
    journey_map.targets = " ".join(f"cible{n}" for n in range(900))
    journey_map.offers = " ".join(f"offre{n}" for n in range(900))
    journey_map.save()
    content, pages = render(journey_map, paper="A4", sections=("cover",))
    assert pages > 1
    words = set(" ".join(pages_text(content)).split())
    assert {"cible0", "cible899", "offre0", "offre899"} <= words


def test_a_cell_taller_than_a_page_runs_on_without_losing_a_card(journey_map):
    lane, stage = journey_map.lanes.first(), journey_map.stages.first()
    Card.objects.bulk_create(
        Card(
            journey_map=journey_map,
            lane=lane,
            stage=stage,
            text=f"Carte numéro {n} du tas",
            position=n,
        )
        for n in range(1, 81)
    )
    for layout in ("fit", "tile"):
        content, pages = render(journey_map, paper="A4", layout=layout, sections=("grid",))
        assert pages > 1
        text = squeeze(" ".join(pages_text(content)))
        assert all(squeeze(f"Carte numéro {n} du tas") in text for n in range(1, 81))


def test_the_action_plan_prints_by_priority_when_there_is_one(journey_map):
    from maps.models import Action

    card = Card.objects.get(journey_map=journey_map)
    Action.objects.create(journey_map=journey_map, title="Petite action", impact=1, effort=3)
    Action.objects.create(
        journey_map=journey_map,
        title="Action prioritaire",
        owner="Julie",
        impact=3,
        effort=1,
        source_card=card,
    )
    content, pages = render(journey_map, sections=("grid", "actions"))
    text = squeeze(" ".join(pages_text(content)))
    # A two-row plan runs on under a one-card map's grid: no page of its own.
    assert pages == 1
    assert squeeze("Plan d’action") in text
    assert text.index(squeeze("Action prioritaire")) < text.index(squeeze("Petite action"))
    assert squeeze("Julie") in text
    assert squeeze("Pas de pain ce soir !") in text


def test_a_map_without_actions_prints_no_plan_page(journey_map):
    content, pages = render(journey_map, sections=("grid", "actions"))
    assert pages == 1
    assert squeeze("Plan d’action") not in squeeze(" ".join(pages_text(content)))
