"""The persona's one-page sheet: always one page, every text there when it fits, cut when not."""

import pytest
from django.conf import settings

from maps.export import bounded
from maps.models import JourneyMap
from personas import one_pager, photos
from personas.models import TEXT_FIELDS, Persona
from personas.one_pager_fit import ELLIPSIS, SIZES_PT, cut_text
from tests.maps.pdf_text import pages_text, reader, squeeze
from tests.personas.conftest import LONG_TEXTS
from tests.personas.test_photos import jpeg_with_gps

SHEET_URL = "https://parcours.example.org/personas/7/"
CUT_NOTICE = "Some texts are cut short"
MAX = settings.PARCOURS_MAX_TEXT


def sheet(persona: Persona, maps=None) -> tuple[bytes, str]:
    maps = maps if maps is not None else JourneyMap.objects.filter(personas=persona)
    content = one_pager.render_pdf(persona, maps, SHEET_URL)
    return content, " ".join(pages_text(content))


@pytest.fixture
def full_persona(workspace, persona_data) -> Persona:
    data = {key: value for key, value in persona_data.items() if key != "age"}
    return Persona.objects.create(workspace=workspace, age=29, **data)


def test_a_filled_in_persona_is_one_page_with_every_text(full_persona, journey_map):
    journey_map.personas.add(full_persona)
    content, text = sheet(full_persona)
    assert len(reader(content).pages) == 1
    for name in ("name", "quote", *TEXT_FIELDS):
        assert squeeze(getattr(full_persona, name)) in squeeze(text), name
    for label in ("Professional situation", "Consumption habits and tastes", "Reluctances"):
        assert squeeze(label.upper()) in squeeze(text)
    assert "29 years old" in text
    assert "B2C" in text
    assert squeeze(journey_map.title) in squeeze(text)
    assert CUT_NOTICE not in text
    assert ELLIPSIS not in text


def test_fields_not_filled_in_say_so(persona):
    _content, text = sheet(persona)
    assert "Not filled in yet." in text
    assert "No map uses this persona yet." in text


def prose(seed: str) -> str:
    """Ordinary sentences, 5,000 characters of them."""
    sentence = f"{seed} compare les prix en ligne, lit les avis et demande conseil à ses amis. "
    return (sentence * (MAX // len(sentence) + 1))[:MAX]


WORST_CASES = {
    "prose": prose,
    # No space to break at: it must wrap inside the word.
    "one long word": lambda seed: (seed * MAX)[:MAX],
    # A line per word: every paragraph costs a line of its own.
    "a word per line": lambda seed: ("\n".join([seed] * MAX))[:MAX],
}


@pytest.mark.parametrize("kind", list(WORST_CASES))
def test_the_fullest_persona_still_holds_on_one_page(workspace, journey_map, kind):
    persona = Persona.objects.create(
        workspace=workspace,
        name=("Marie-Christine Augustine de la Fontaine " * 4)[:120],
        age=120,
        quote=("Je veux que ce soit simple, rapide et honnête, sinon je pars. " * 6)[:300],
        **{name: WORST_CASES[kind](name) for name in LONG_TEXTS},
    )
    journey_map.personas.add(persona)
    content, text = sheet(persona)
    assert len(reader(content).pages) == 1
    # The longest texts are cut, and the sheet says where the rest is.
    assert CUT_NOTICE in text
    assert squeeze(SHEET_URL) in squeeze(text)
    assert ELLIPSIS in text
    # Name, quote, and the beginning of every field are still there.
    assert squeeze(persona.name) in squeeze(text)
    assert squeeze(persona.quote) in squeeze(text)
    for name in LONG_TEXTS:
        assert squeeze(getattr(persona, name)[:20]) in squeeze(text), name
    assert squeeze(journey_map.title) in squeeze(text)


def test_the_type_steps_down_before_any_text_is_cut(workspace, full_persona):
    short = one_pager.render_html(full_persona, JourneyMap.objects.none(), SHEET_URL)[1]
    longer = Persona.objects.create(
        workspace=workspace, name="Long", **{name: prose(name)[:1200] for name in LONG_TEXTS}
    )
    fitted = one_pager.render_html(longer, JourneyMap.objects.none(), SHEET_URL)[1]
    assert short.font_pt == SIZES_PT[0]
    assert SIZES_PT[-1] <= fitted.font_pt < short.font_pt
    assert not short.cut


def test_a_render_longer_than_a_page_is_fitted_again_with_less_room(full_persona):
    asked = []

    def render(html):
        asked.append(html)
        return bounded.ChildRender(b"%PDF-fake", 2 if len(asked) == 1 else 1, 0, 0)

    content = one_pager.render_pdf(
        full_persona, JourneyMap.objects.none(), SHEET_URL, render=render
    )
    assert content == b"%PDF-fake"
    assert len(asked) == 2


def test_the_photo_is_on_the_sheet(settings, tmp_path, persona):
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    content, _text = sheet(persona)
    assert len(reader(content).pages[0].images) == 1


def test_user_text_is_printed_as_text_never_read_as_html(workspace):
    hostile = '<img src="file:///etc/passwd"><b>gras</b>'
    persona = Persona.objects.create(workspace=workspace, name="Zoé", needs=hostile)
    content, text = sheet(persona)
    assert squeeze(hostile) in squeeze(text)
    assert not reader(content).pages[0].images


def test_only_the_maps_given_are_listed(workspace, other_workspace, persona, journey_map):
    hidden = JourneyMap.objects.create(
        workspace=other_workspace, title="Carte secrète", journey_type=journey_map.journey_type
    )
    hidden.personas.add(persona)
    _content, text = sheet(persona, JourneyMap.objects.filter(pk=journey_map.pk))
    assert squeeze(journey_map.title) in squeeze(text)
    assert "secrète" not in text


def test_cut_text_stops_after_a_word_with_an_ellipsis():
    # Two characters of the line are kept for the ellipsis.
    cut = cut_text("un deux trois quatre cinq six sept", max_lines=1, per_line=16)
    assert cut == "un deux trois…"
    assert cut_text("court", max_lines=2, per_line=40) == "court"
    assert cut_text("a\nb\nc\nd", max_lines=2, per_line=40) == "a\nb …"


def test_a_persona_in_many_maps_lists_the_first_and_counts_the_rest(workspace, journey_map):
    for number in range(one_pager.MAX_MAPS + 2):
        JourneyMap.objects.create(
            workspace=workspace,
            title=f"Carte {number:02} " + "x" * 150,
            journey_type=journey_map.journey_type,
        )
    names, more = one_pager.map_names(JourneyMap.objects.order_by("title"))
    assert len(names) == one_pager.MAX_MAPS
    assert more == 3
    assert all(len(name) <= one_pager.MAX_MAP_TITLE and name.endswith("…") for name in names[1:])
