"""Silent emotion scoring "as a persona": open, score, close, adopt, undo; who may choose."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maps import event_text, fragments, round_results, rounds, undo, workshops
from maps.grid import build_grid
from maps.models import JourneyMap, MapEvent, Round, Touchpoint
from personas.models import Persona
from tests.conftest import HTMX, client_for


@pytest.fixture
def touchpoints(journey_map):
    _need, purchase = journey_map.stages.order_by("position")
    Touchpoint.objects.create(
        journey_map=journey_map, stage=purchase, channel="Caisse", emotion=1, position=0
    )
    return list(Touchpoint.objects.filter(journey_map=journey_map).order_by("stage__position"))


@pytest.fixture
def second_guest(workshop):
    _pass, user = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Dominique"}
    )
    return user


def sentence(event: MapEvent) -> str:
    names = event_text.names_for(event.journey_map_id, [event])
    from maps.events import EVENT_KINDS

    return EVENT_KINDS[event.kind].describe(event, names)


def scored_as(journey_map, owner, persona, guest, second_guest, touchpoints) -> Round:
    """A round as ``persona``: Bus scored +2 and +1, Caisse −2 and −2, then closed."""
    rounds.round_open(
        user=owner, map_id=journey_map.pk, kind="emotion", data={"persona": str(persona.pk)}
    )
    bus, till = touchpoints
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=bus.pk, value=2)
    rounds.score(user=second_guest, map_id=journey_map.pk, touchpoint_id=bus.pk, value=1)
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=till.pk, value=-2)
    rounds.score(user=second_guest, map_id=journey_map.pk, touchpoint_id=till.pk, value=-2)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    return Round.objects.get(journey_map=journey_map)


def test_a_round_scored_as_a_persona_sets_that_personas_emotions_and_undoes(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    bus, till = touchpoints
    till.persona_emotions = {str(ludovic.pk): 0, str(persona.pk): 2}
    till.save()
    voting = scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    assert voting.persona == ludovic
    results = round_results.emotion_results(voting)
    by_channel = {line.touchpoint.channel: line for line in results.lines}
    assert by_channel["Bus"].mean == 1.5 and by_channel["Bus"].spread == 0.5
    assert by_channel["Caisse"].map_emotion == 0  # Ludovic's, not the map's +1

    adopted = rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    bus.refresh_from_db()
    till.refresh_from_db()
    assert bus.emotion == 0 and till.emotion == 1  # the map's emotion stays
    assert bus.persona_emotions == {str(ludovic.pk): 2}
    assert till.persona_emotions == {str(ludovic.pk): -2, str(persona.pk): 2}
    assert sentence(adopted) == (
        "a adopté la moyenne du groupe comme émotions de Ludovic à 2 points de contact"
    )
    html = fragments.render_event(adopted)
    assert "l’émotion de Ludovic" in html

    undo.undo_last(user=owner, map_id=journey_map.pk)
    bus.refresh_from_db()
    till.refresh_from_db()
    assert bus.persona_emotions == {}  # Bus had no entry: it feels what the map says again
    assert till.persona_emotions == {str(ludovic.pk): 0, str(persona.pk): 2}
    assert bus.emotion == 0 and till.emotion == 1
    voting.refresh_from_db()
    assert voting.adopted_at is None

    undo.redo_last(user=owner, map_id=journey_map.pk)
    till.refresh_from_db()
    assert till.persona_emotions == {str(ludovic.pk): -2, str(persona.pk): 2}


def test_undoing_a_persona_adoption_is_refused_once_an_entry_changed(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    voting = scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    bus = touchpoints[0]
    Touchpoint.objects.filter(pk=bus.pk).update(persona_emotions={str(ludovic.pk): -1})
    adopted = MapEvent.objects.get(journey_map=journey_map, kind="round.adopted")
    with pytest.raises(undo.UndoRefused):
        undo.undo_event(user=owner, map_id=journey_map.pk, revision=adopted.revision)


def test_the_events_name_the_persona(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    scored_as(journey_map, owner, persona, guest, second_guest, touchpoints)
    opened = MapEvent.objects.get(journey_map=journey_map, kind="round.opened")
    closed = MapEvent.objects.get(journey_map=journey_map, kind="round.closed")
    assert sentence(opened) == "a ouvert un tour de scores silencieux pour Nell"
    assert sentence(closed) == "a clos un tour de scores silencieux pour Nell"
    # Renamed since: the history says what it was called then.
    Persona.objects.filter(pk=persona.pk).update(name="Nell B.")
    assert "pour Nell" in sentence(MapEvent.objects.get(pk=opened.pk))


def test_a_round_for_the_whole_map_reads_as_before(
    journey_map, owner, ludovic, workshop, touchpoints
):
    event = rounds.round_open(
        user=owner, map_id=journey_map.pk, kind="emotion", data={"persona": ""}
    )
    assert Round.objects.get().persona is None
    assert sentence(event) == "a ouvert un tour de scores silencieux des émotions"


def test_the_group_curve_is_drawn_against_the_personas_line(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    curve = build_grid(JourneyMap.objects.get(pk=journey_map.pk)).curve
    assert curve.group is not None and curve.group_persona == "Ludovic"
    assert {line.name: line.faded for line in curve.lines} == {"Ludovic": False, "Nell": True}


def test_only_a_persona_of_this_map_can_be_scored_for(
    journey_map, owner, persona, ludovic, other_workspace, workshop, touchpoints
):
    stranger = Persona.objects.create(workspace=other_workspace, name="Intrus")
    unmapped = Persona.objects.create(workspace=journey_map.workspace, name="Pas là")
    for chosen in (stranger.pk, unmapped.pk, "abc"):
        with pytest.raises(rounds.RoundRefused, match="pas sur cette carte"):
            rounds.round_open(
                user=owner, map_id=journey_map.pk, kind="emotion", data={"persona": str(chosen)}
            )
    assert not Round.objects.exists()


def test_a_map_with_one_persona_cannot_be_scored_as_it(
    journey_map, owner, persona, workshop, touchpoints
):
    with pytest.raises(rounds.RoundRefused):
        rounds.round_open(
            user=owner, map_id=journey_map.pk, kind="emotion", data={"persona": str(persona.pk)}
        )


def test_adopting_for_a_persona_taken_off_the_map_is_refused(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    voting = scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    journey_map.personas.remove(ludovic)
    with pytest.raises(rounds.RoundRefused, match="plus sur la carte"):
        rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    assert all(t.persona_emotions == {} for t in Touchpoint.objects.all())


# Views -------------------------------------------------------------------------------


def test_the_facilitator_chooses_the_persona_in_the_panel(
    owner_client, journey_map, ludovic, workshop, touchpoints
):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert 'name="persona"' in html and "En tant que Ludovic" in html
    response = owner_client.post(
        reverse("maps:round-open", args=[journey_map.pk]),
        {"kind": "emotion", "persona": str(ludovic.pk)},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Scores silencieux des émotions pour Ludovic" in response.content.decode()
    assert "Scores silencieux pour Ludovic en cours" in response.content.decode()
    assert Round.objects.get().persona == ludovic


def test_a_map_with_one_persona_offers_no_choice(owner_client, journey_map, workshop, touchpoints):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert 'id="round-persona"' not in html


def test_a_guest_cannot_open_a_round_for_any_persona(
    journey_map, ludovic, guest, other_workspace, touchpoints
):
    stranger = Persona.objects.create(workspace=other_workspace, name="Intrus")
    with pytest.raises(PermissionDenied):
        rounds.round_open(
            user=guest, map_id=journey_map.pk, kind="emotion", data={"persona": str(ludovic.pk)}
        )
    client = client_for(guest)
    for chosen in (ludovic.pk, stranger.pk):
        response = client.post(
            reverse("maps:round-open", args=[journey_map.pk]),
            {"kind": "emotion", "persona": str(chosen)},
            **HTMX,
        )
        assert response.status_code in (403, 404)
    assert not Round.objects.exists()


def test_a_facilitator_picking_another_workspaces_persona_is_told_so(
    owner_client, journey_map, ludovic, other_workspace, workshop, touchpoints
):
    stranger = Persona.objects.create(workspace=other_workspace, name="Intrus")
    response = owner_client.post(
        reverse("maps:round-open", args=[journey_map.pk]),
        {"kind": "emotion", "persona": str(stranger.pk)},
        **HTMX,
    )
    assert "pas sur cette carte" in response.content.decode() or "pas sur cette carte" in str(
        response.headers
    )
    assert "Intrus" not in response.content.decode()
    assert not Round.objects.exists()


def test_the_ballot_says_whom_everyone_scores_for(
    journey_map, owner, ludovic, guest, workshop, touchpoints
):
    rounds.round_open(
        user=owner, map_id=journey_map.pk, kind="emotion", data={"persona": str(ludovic.pk)}
    )
    html = client_for(guest).get(reverse("maps:ballot", args=[journey_map.pk])).content.decode()
    assert "Tout le monde donne ses scores pour <strong>Ludovic</strong>" in html


def test_past_rounds_say_whom_they_scored_for(
    owner_client, journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    voting = scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    html = owner_client.get(reverse("maps:rounds", args=[journey_map.pk])).content.decode()
    assert "en tant que Ludovic" in html
    assert "adopté comme émotion de Ludovic" in html


def test_a_round_whose_persona_was_deleted_adopts_nothing(
    journey_map, owner, persona, ludovic, guest, second_guest, touchpoints
):
    voting = scored_as(journey_map, owner, ludovic, guest, second_guest, touchpoints)
    ludovic.delete()
    with pytest.raises(rounds.RoundRefused, match="supprimé"):
        rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    assert [t.emotion for t in Touchpoint.objects.order_by("stage__position")] == [0, 1]


def test_a_round_for_the_map_still_adopts_into_the_map(
    journey_map, owner, ludovic, guest, second_guest, touchpoints
):
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    bus = touchpoints[0]
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=bus.pk, value=-2)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    voting = Round.objects.get()
    rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    bus.refresh_from_db()
    assert bus.emotion == -2 and bus.persona_emotions == {}
