"""Persona lines beyond the map page: on a snapshot, and in the diff (list and charts)."""

import pytest
from django.urls import reverse

from maps import persona_curves, snapshots, state_grid
from maps.comparison import compare
from maps.diff import diff
from maps.map_state import state_of, unpack
from maps.models import Touchpoint
from personas.models import Persona


@pytest.fixture
def touchpoint(journey_map):
    return Touchpoint.objects.get(journey_map=journey_map)


def feel(touchpoint, entries, emotion=None):
    touchpoint.persona_emotions = entries
    if emotion is not None:
        touchpoint.emotion = emotion
    touchpoint.save()


# The snapshot page -----------------------------------------------------------------


def test_a_state_gives_its_personas_in_curve_order():
    state = {"personas": [{"id": 9, "name": "Zoé"}, {"id": 3, "name": "ariane"}]}
    personas = persona_curves.state_personas(state)
    assert personas.multi and [p.name for p in personas.drawn] == ["ariane", "Zoé"]
    assert [p.pk for p in personas.drawn] == [3, 9]
    assert not persona_curves.state_personas({}).multi  # a state older than personas


def test_a_snapshot_draws_the_lines_it_kept_even_of_a_persona_deleted_since(
    owner, owner_client, journey_map, touchpoint, persona, ludovic
):
    feel(touchpoint, {str(ludovic.pk): 2, str(persona.pk): -1})
    snapshot = snapshots.take(journey_map, name="Avec Ludovic", user=owner)
    feel(touchpoint, {})
    ludovic_id = ludovic.pk
    ludovic.delete()
    curve = state_grid.grid_of(journey_map, unpack(snapshot.state)).curve
    assert [(line.name, line.points[0].emotion) for line in curve.lines] == [
        ("Ludovic", 2),
        ("Nell", -1),
    ]
    html = owner_client.get(
        reverse("maps:snapshot", args=[journey_map.pk, snapshot.pk])
    ).content.decode()
    assert html.count('class="persona-curve') == 2
    assert f'data-persona="{ludovic_id}"' in html
    assert '<span class="persona-name">Ludovic</span>' in html
    assert 'class="curve-line"' not in html


def test_a_one_persona_snapshot_keeps_its_single_curve(owner, owner_client, journey_map):
    snapshot = snapshots.take(journey_map, name="Seule", user=owner)
    html = owner_client.get(
        reverse("maps:snapshot", args=[journey_map.pk, snapshot.pk])
    ).content.decode()
    assert "persona-legend" not in html and 'class="persona-curve' not in html
    assert 'class="curve-line"' in html


# The diff --------------------------------------------------------------------------


def test_the_diff_names_each_personas_emotion_change(journey_map, touchpoint, persona, ludovic):
    feel(touchpoint, {str(persona.pk): -1})
    before = state_of(journey_map)
    # Nell's own entry moves; Ludovic, who shares the map's emotion, follows it.
    feel(touchpoint, {str(persona.pk): 1}, emotion=touchpoint.emotion - 1)
    changes = diff(before, state_of(journey_map))
    found = [(c.persona, c.channel, c.before, c.after) for c in changes.persona_emotions]
    old = touchpoint.emotion + 1
    assert found == [
        ("Ludovic", touchpoint.channel, old, old - 1),
        ("Nell", touchpoint.channel, -1, 1),
    ]
    (changed,) = next(k for k in changes.kinds if k.kind == "touchpoint").changed
    labels = [f.label for f in changed.fields]
    assert "Émotion de Nell" in labels and "Émotion de Ludovic" in labels


def test_a_persona_entry_alone_is_a_change(journey_map, touchpoint, persona, ludovic):
    before = state_of(journey_map)
    feel(touchpoint, {str(ludovic.pk): 2} if touchpoint.emotion != 2 else {str(ludovic.pk): 1})
    changes = diff(before, state_of(journey_map))
    assert changes and [c.persona for c in changes.persona_emotions] == ["Ludovic"]
    assert changes.emotions == []


def test_one_persona_or_a_persona_new_to_the_map_adds_no_persona_change(
    journey_map, touchpoint, persona, workspace
):
    before = state_of(journey_map)
    feel(touchpoint, {}, emotion=-2 if touchpoint.emotion != -2 else 2)
    assert diff(before, state_of(journey_map)).persona_emotions == []
    # A persona put on the map since was not there before: nothing to compare.
    journey_map.personas.add(Persona.objects.create(workspace=workspace, name="Alix"))
    names = {c.persona for c in diff(before, state_of(journey_map)).persona_emotions}
    assert names == {"Nell"}


def test_the_diff_page_lists_and_draws_each_persona(
    owner, owner_client, journey_map, touchpoint, persona, ludovic
):
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    feel(touchpoint, {str(persona.pk): 2} if touchpoint.emotion != 2 else {str(persona.pk): 1})
    comparison = compare(journey_map, snapshot, None)
    assert [chart.name for chart in comparison.personas] == ["Ludovic", "Nell"]
    nell = comparison.personas[1].curve
    assert nell.points[0].emotion != nell.earlier[0].emotion
    assert nell.points[0].feeling == ""  # the map's words are not the persona's
    html = owner_client.get(
        reverse("maps:diff", args=[journey_map.pk]), {"from": snapshot.pk, "to": "now"}
    ).content.decode()
    assert "au point de contact « " + touchpoint.channel + " »" in html
    assert '<span class="diff-label">Nell</span>' in html
    assert "Émotion de Nell" in html
    assert html.count('class="curve-earlier"') == 2
    assert f'id="emotion-curve-{persona.pk}"' in html and 'id="emotion-curve"' not in html
    assert f'id="curve-title{persona.pk}"' in html


def test_the_diff_page_of_a_one_persona_map_keeps_one_chart(
    owner, owner_client, journey_map, touchpoint
):
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    feel(touchpoint, {}, emotion=-2 if touchpoint.emotion != -2 else 2)
    html = owner_client.get(
        reverse("maps:diff", args=[journey_map.pk]), {"from": snapshot.pk, "to": "now"}
    ).content.decode()
    assert html.count('class="curve-earlier"') == 1 and 'id="emotion-curve"' in html
    assert "Persona par persona" not in html
