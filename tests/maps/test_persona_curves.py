"""One emotion curve per persona: which lines, their looks, the form, the page, the PDF."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maps import fragments, live, persona_curves, services
from maps.curve import build_curve, marker_path
from maps.export.layout import geometry, print_curve
from maps.export.options import PdfOptions
from maps.export.pdf import render_html
from maps.forms import TouchpointForm, persona_field_name
from maps.grid import build_grid
from maps.models import JourneyMap, Touchpoint
from personas.models import Persona
from tests.conftest import HTMX


@pytest.fixture
def touchpoint(journey_map):
    return Touchpoint.objects.get(journey_map=journey_map)


def fresh(journey_map) -> JourneyMap:
    return JourneyMap.objects.get(pk=journey_map.pk)


def touchpoint_data(touchpoint, **changes):
    data = {
        "channel": touchpoint.channel,
        "action": touchpoint.action,
        "emotion": str(touchpoint.emotion),
        "feeling": touchpoint.feeling,
        "stage": touchpoint.stage_id,
        "version": touchpoint.version,
    }
    return {**data, **changes}


# Which personas, and how each line looks ------------------------------------------


def test_one_persona_or_none_draws_no_persona_line(journey_map, persona):
    assert not persona_curves.map_personas(journey_map).multi
    assert persona_curves.map_personas(journey_map).drawn == []


def test_the_lines_follow_the_names_and_stop_at_five(workspace, journey_map, persona):
    names = ["Zoé", "ariane", "Bruno", "Chloé", "Driss", "Émile"]
    for name in names:
        journey_map.personas.add(Persona.objects.create(workspace=workspace, name=name))
    personas = persona_curves.map_personas(fresh(journey_map))
    assert [p.name for p in personas.all] == [
        "ariane",
        "Bruno",
        "Chloé",
        "Driss",
        "Nell",
        "Zoé",
        "Émile",
    ]
    assert [p.name for p in personas.drawn] == ["ariane", "Bruno", "Chloé", "Driss", "Nell"]
    assert [p.name for p in personas.left_out] == ["Zoé", "Émile"]


def test_each_line_differs_by_colour_dash_and_marker():
    styles = persona_curves.STYLES
    assert len(styles) == persona_curves.MAX_LINES
    assert len({s.colour for s in styles}) == len({s.dash for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)
    assert persona_curves.style(0).dasharray(2.5) == ""  # the first line is solid
    assert persona_curves.style(1).dasharray(2.5) == "10 5"


def contrast_with_white(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_every_colour_stands_out_on_white():
    assert all(contrast_with_white(s.colour) >= 3 for s in persona_curves.STYLES)


def test_a_persona_without_an_entry_feels_what_the_map_says(touchpoint, persona, ludovic):
    touchpoint.emotion = -1
    touchpoint.persona_emotions = {str(ludovic.pk): 2, "nonsense": 7}
    assert persona_curves.emotion_for(touchpoint, ludovic.pk) == 2
    assert persona_curves.emotion_for(touchpoint, persona.pk) == -1
    assert persona_curves.own_entry(touchpoint, persona.pk) is None


def test_entries_are_checked(persona, ludovic):
    ids = [persona.pk, ludovic.pk]
    assert persona_curves.validate_entries({str(persona.pk): -2}, ids) == {str(persona.pk): -2}
    with pytest.raises(ValidationError, match="pas sur cette carte"):
        persona_curves.validate_entries({"999999": 1}, ids)
    for bad in (3, -3, "1", True, 1.5):
        with pytest.raises(ValidationError, match="−2 à \\+2"):
            persona_curves.validate_entries({str(persona.pk): bad}, ids)
    with pytest.raises(ValidationError):
        persona_curves.validate_entries(["1"], ids)
    assert persona_curves.with_entry({"1": 2, "2": 1}, 1, None) == {"2": 1}
    with pytest.raises(ValidationError):
        persona_curves.with_entry({}, 1, 5)


# Geometry ---------------------------------------------------------------------------


def columns_of(journey_map):
    return [(c.stage, c.touchpoints) for c in build_grid(fresh(journey_map)).columns]


def test_with_two_personas_the_curve_draws_a_line_each(journey_map, touchpoint, persona, ludovic):
    touchpoint.emotion = 1
    touchpoint.persona_emotions = {str(ludovic.pk): -2}
    touchpoint.save()
    personas = persona_curves.map_personas(fresh(journey_map))
    curve = build_curve(columns_of(journey_map), personas.drawn)
    assert [line.name for line in curve.lines] == ["Ludovic", "Nell"]
    ludovic_line, nell_line = curve.lines
    assert ludovic_line.points[0].emotion == -2 and ludovic_line.points[0].own
    assert nell_line.points[0].emotion == 1 and not nell_line.points[0].own
    # Same touchpoint, side by side: the markers do not hide each other.
    assert ludovic_line.points[0].x < nell_line.points[0].x
    assert ludovic_line.points[0].y > nell_line.points[0].y  # −2 sits lower than +1
    assert nell_line.dash == persona_curves.style(1).dasharray(2.5)


def test_one_persona_keeps_the_curve_as_it_was(journey_map, touchpoint):
    curve = build_curve(columns_of(journey_map), persona_curves.map_personas(journey_map).drawn)
    assert not curve.multi and curve.lines == []
    assert len(curve.points) == 1


def test_moments_of_truth_are_marked_where_their_touchpoint_is(journey_map, touchpoint):
    touchpoint.moment_of_truth = True
    touchpoint.save()
    curve = build_curve(columns_of(journey_map))
    assert [(m.x, m.channel) for m in curve.moments] == [(curve.points[0].x, "Bus")]


def test_markers_are_closed_shapes_except_the_cross():
    for shape in ("circle", "square", "triangle", "diamond"):
        assert marker_path(shape, 10, 10, 4).endswith("Z")
    assert marker_path("cross", 10, 10, 4).count("M") == 2


# The page --------------------------------------------------------------------------


def test_the_map_page_shows_a_line_and_a_name_per_persona(
    owner_client, journey_map, touchpoint, ludovic
):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert html.count('class="persona-curve') == 2
    assert 'class="persona-legend"' in html
    assert '<span class="persona-name">Ludovic</span>' in html
    assert '<span class="persona-name">Nell</span>' in html
    assert 'class="curve-line"' not in html  # the map's own line gives way to the personas'


def test_a_map_with_one_persona_shows_no_legend(owner_client, journey_map):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert "persona-legend" not in html and 'class="persona-curve' not in html
    assert 'class="curve-line"' in html


def test_more_than_five_personas_says_who_is_not_drawn(
    owner_client, workspace, journey_map, ludovic
):
    for name in ("Alix", "Bea", "Cyril", "Dana"):
        journey_map.personas.add(Persona.objects.create(workspace=workspace, name=name))
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert html.count('class="persona-curve') == 5
    assert "seuls les cinq premiers" in html.lower() and "Nell" in html


def test_a_moment_of_truth_reads_in_words(owner_client, journey_map, touchpoint):
    touchpoint.moment_of_truth = True
    touchpoint.save()
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert 'class="moment-line"' in html
    assert "Moments de vérité" in html and "moment de vérité" in html


# The touchpoint form --------------------------------------------------------------


def test_the_form_asks_per_persona_only_on_a_map_with_several(
    owner_client, journey_map, touchpoint, persona
):
    edit = reverse("maps:item-edit", args=[journey_map.pk, "touchpoint", touchpoint.pk])
    html = owner_client.get(edit, **HTMX).content.decode()
    assert persona_field_name(persona.pk) not in html
    ludovic = Persona.objects.create(workspace=journey_map.workspace, name="Ludovic")
    journey_map.personas.add(ludovic)
    html = owner_client.get(edit, **HTMX).content.decode()
    assert f'name="{persona_field_name(persona.pk)}"' in html
    assert f'name="{persona_field_name(ludovic.pk)}"' in html
    assert "Comme la carte" in html


def test_persona_emotions_are_saved_pushed_and_undone(
    owner,
    journey_map,
    touchpoint,
    persona,
    ludovic,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    sent = []
    monkeypatch.setattr(live, "send", lambda map_id, message, group="": sent.append(message))
    data = touchpoint_data(
        touchpoint, **{persona_field_name(persona.pk): "-2", persona_field_name(ludovic.pk): ""}
    )
    with django_capture_on_commit_callbacks(execute=True):
        event = services.item_update(
            user=owner,
            map_id=journey_map.pk,
            kind_name="touchpoint",
            item_id=touchpoint.pk,
            data=data,
        )
    touchpoint.refresh_from_db()
    assert touchpoint.persona_emotions == {str(persona.pk): -2}
    assert touchpoint.emotion == 0
    assert event.payload["persona_emotions"] == {str(persona.pk): -2}
    assert event.payload["before"]["persona_emotions"] == {}
    assert 'class="persona-curve' in json.loads(sent[0]["text"])["html"]
    # "As the map" takes the entry away; a persona left out of the request keeps it.
    data = touchpoint_data(touchpoint, **{persona_field_name(ludovic.pk): "1"})
    services.item_update(
        user=owner, map_id=journey_map.pk, kind_name="touchpoint", item_id=touchpoint.pk, data=data
    )
    touchpoint.refresh_from_db()
    assert touchpoint.persona_emotions == {str(persona.pk): -2, str(ludovic.pk): 1}
    from maps import undo

    undo.undo_last(user=owner, map_id=journey_map.pk)
    touchpoint.refresh_from_db()
    assert touchpoint.persona_emotions == {str(persona.pk): -2}


def test_a_bad_persona_emotion_is_refused_where_it_was_typed(
    owner_client, journey_map, touchpoint, persona, ludovic
):
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "touchpoint", touchpoint.pk]),
        touchpoint_data(touchpoint, **{persona_field_name(persona.pk): "7"}),
        **HTMX,
    )
    assert response.status_code == 422
    assert "7" in response.content.decode() and "errorlist" in response.content.decode()
    touchpoint.refresh_from_db()
    assert touchpoint.persona_emotions == {}


def test_a_persona_taken_off_the_map_is_ignored_not_lost(
    owner, journey_map, touchpoint, persona, ludovic
):
    touchpoint.persona_emotions = {str(ludovic.pk): 2, str(persona.pk): -1}
    touchpoint.save()
    journey_map.personas.remove(ludovic)
    form = TouchpointForm(
        touchpoint_data(touchpoint), instance=touchpoint, journey_map=fresh(journey_map)
    )
    assert form.persona_choices() == []  # one persona left: no choice per persona
    assert form.is_valid(), form.errors
    form.save()
    touchpoint.refresh_from_db()
    assert touchpoint.persona_emotions == {str(ludovic.pk): 2, str(persona.pk): -1}
    curve = build_grid(fresh(journey_map)).curve
    assert curve.lines == []


def test_changing_the_maps_personas_redraws_the_curve(owner, journey_map, ludovic):
    event = services.map_update(
        user=owner,
        map_id=journey_map.pk,
        data={
            "title": journey_map.title,
            "journey_type": journey_map.journey_type_id,
            "personas": [ludovic.pk],
            "version": journey_map.version,
        },
    )
    html = fragments.render_event(event)
    assert 'id="emotion-curve"' in html


# The PDF ---------------------------------------------------------------------------


def test_the_printed_curve_has_a_line_per_persona(journey_map, touchpoint, persona, ludovic):
    touchpoint.persona_emotions = {str(ludovic.pk): 2}
    touchpoint.moment_of_truth = True
    touchpoint.save()
    grid = build_grid(fresh(journey_map))
    geo, _per_tile = geometry(PdfOptions(), len(grid.columns))
    curve = print_curve(grid.columns, geo, persona_curves.map_personas(fresh(journey_map)))
    assert [line.name for line in curve.lines] == ["Ludovic", "Nell"]
    assert curve.lines[0].points[0].y < curve.lines[1].points[0].y
    assert len(curve.moments) == 1
    html = render_html(fresh(journey_map), PdfOptions())
    assert 'class="curve-keys"' in html
    assert html.count(f'stroke="{persona_curves.style(1).colour}"') >= 2  # legend and line
    assert "★" in html


def test_the_history_says_the_personas_emotions_changed(owner, journey_map, touchpoint, ludovic):
    from maps.event_text import item_updated, names_for

    data = touchpoint_data(touchpoint, **{persona_field_name(ludovic.pk): "2"})
    event = services.item_update(
        user=owner, map_id=journey_map.pk, kind_name="touchpoint", item_id=touchpoint.pk, data=data
    )
    sentence = item_updated("touchpoint")(event, names_for(journey_map.pk, [event]))
    assert "émotion de chaque persona" in sentence and "persona_emotions" not in sentence


def test_the_page_with_five_persona_lines_reads_in_constant_queries(owner_client, workspace):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maps.sample import build_map

    small = build_map(workspace, stages=2, lanes=2, cards=4, title="Petite")
    large = build_map(workspace, stages=12, lanes=4, cards=200, touchpoints_per_stage=3)
    for name in ("Alix", "Bea", "Cyril", "Dana", "Eli", "Fanny"):
        persona = Persona.objects.create(workspace=workspace, name=name)
        small.personas.add(persona)
        large.personas.add(persona)

    def count(journey_map):
        page = reverse("maps:detail", args=[journey_map.pk])
        owner_client.get(page)
        with CaptureQueriesContext(connection) as queries:
            html = owner_client.get(page).content.decode()
        assert html.count('class="persona-curve') == 5
        return len(queries)

    assert count(small) == count(large)


def test_hollow_markers_are_explained_only_when_drawn(
    owner_client, journey_map, touchpoint, persona, ludovic
):
    page = reverse("maps:detail", args=[journey_map.pk])
    assert "Marqueur creux" in owner_client.get(page).content.decode()
    touchpoint.persona_emotions = {str(persona.pk): 1, str(ludovic.pk): -1}
    touchpoint.save()
    html = owner_client.get(page).content.decode()
    assert "Marqueur creux" not in html and "is-shared" not in html
