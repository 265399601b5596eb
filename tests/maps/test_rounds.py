"""Silent emotion scoring and dot voting: secret ballots, honest counts, clear results."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import facilitation, fragments, live, round_results, rounds, workshops
from maps.models import Card, Guest, Lane, LaneKind, Round, Touchpoint, Vote
from maps.panel import context as panel_context
from tests.conftest import HTMX, client_for


@pytest.fixture
def touchpoints(journey_map):
    _need, purchase = journey_map.stages.order_by("position")
    Touchpoint.objects.create(journey_map=journey_map, stage=purchase, channel="Caisse", position=0)
    return list(Touchpoint.objects.filter(journey_map=journey_map).order_by("stage__position"))


@pytest.fixture
def pain_cards(journey_map):
    lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    stages = list(journey_map.stages.order_by("position"))
    return [
        Card.objects.create(
            journey_map=journey_map,
            lane=lane,
            stage=stages[n % 2],
            text=f"Irritant {n}",
            position=n,
        )
        for n in range(8)
    ]


@pytest.fixture
def second_guest(workshop):
    _pass, user = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Dominique"}
    )
    return user


def open_emotion(journey_map, owner):
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    return round_results.open_round(journey_map)


def open_dots(journey_map, owner, **options):
    data = {"lane_kinds": [LaneKind.PAIN_POINTS], **options}
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="dots", data=data)
    return round_results.open_round(journey_map)


# Opening and closing -------------------------------------------------------------


def test_rounds_need_an_open_workshop(journey_map, owner, touchpoints):
    with pytest.raises(facilitation.NoWorkshop):
        rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    assert not Round.objects.exists()


def test_one_round_at_a_time(journey_map, owner, workshop, touchpoints):
    open_emotion(journey_map, owner)
    with pytest.raises(rounds.RoundRefused):
        rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    assert Round.objects.count() == 1


@pytest.mark.parametrize("who", ["guest", "marketer"])
def test_only_facilitators_open_and_close_rounds(
    request, journey_map, owner, workshop, touchpoints, who
):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        rounds.round_open(user=user, map_id=journey_map.pk, kind="emotion")
    open_emotion(journey_map, owner)
    with pytest.raises(PermissionDenied):
        rounds.round_close(user=user, map_id=journey_map.pk)
    assert round_results.open_round(journey_map) is not None


def test_dot_voting_gives_at_least_three_dots_by_default(journey_map, owner, workshop, pain_cards):
    voting = open_dots(journey_map, owner)
    assert voting.dots_each == 3
    assert not voting.stacking


def test_dot_voting_defaults_to_a_quarter_of_many_cards():
    assert rounds.default_dots(40) == 10


def test_without_stacking_the_default_never_exceeds_the_cards_on_the_ballot():
    assert rounds.default_dots(2) == 2
    assert rounds.default_dots(2, stacking=True) == 3


def test_a_dot_vote_needs_cards(journey_map, owner, workshop):
    with pytest.raises(rounds.RoundRefused):
        rounds.round_open(
            user=owner, map_id=journey_map.pk, kind="dots", data={"lane_kinds": ["opportunities"]}
        )


# Scoring ---------------------------------------------------------------------------


def test_a_participant_scores_and_changes_their_mind_without_double_counting(
    journey_map, owner, guest, touchpoints
):
    open_emotion(journey_map, owner)
    for value in (2, -1, 1):
        rounds.score(
            user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=value
        )
    assert list(Vote.objects.values_list("value", flat=True)) == [1]
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=None)
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", [3, -3, 99])
def test_a_score_stays_between_minus_two_and_two(journey_map, owner, guest, touchpoints, value):
    open_emotion(journey_map, owner)
    with pytest.raises(rounds.RoundRefused):
        rounds.score(
            user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=value
        )


def test_a_marketer_does_not_vote(journey_map, owner, marketer, workshop, touchpoints):
    open_emotion(journey_map, owner)
    with pytest.raises(PermissionDenied):
        rounds.score(user=marketer, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=1)


def test_votes_count_on_a_locked_map(journey_map, owner, guest, touchpoints):
    open_emotion(journey_map, owner)
    workshops.map_lock(user=owner, map_id=journey_map.pk, locked=True)
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=2)
    assert Vote.objects.count() == 1


def test_a_vote_after_the_round_closed_is_refused(journey_map, owner, guest, touchpoints):
    open_emotion(journey_map, owner)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    with pytest.raises(rounds.RoundRefused):
        rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=2)


# Secrecy while open -------------------------------------------------------------------


def test_nobody_reads_others_scores_while_the_round_is_open(
    journey_map,
    owner,
    guest,
    second_guest,
    touchpoints,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    pushed = []
    monkeypatch.setattr(live, "send", lambda map_id, message, group="": pushed.append(message))
    open_emotion(journey_map, owner)
    with django_capture_on_commit_callbacks(execute=True):
        event = rounds.score(
            user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=-2
        )
    # The pushed event says how many voted, nothing else.
    html = json.loads(pushed[-1]["text"])["html"]
    assert 'id="round-progress"' in html
    assert "1 participant" in html
    assert 'value="-2"' not in html and "−2" not in html
    assert event.payload == {"round": round_results.open_round(journey_map).pk}
    # Results, the panel and the catch-up carry no score while open.
    voting = round_results.open_round(journey_map)
    with pytest.raises(rounds.RoundRefused):
        round_results.emotion_results(voting)
    assert {"emotion", "dots"}.isdisjoint(panel_context(journey_map))
    assert "results-table" not in live.catch_up(journey_map, since=0)["html"]
    # The other participant's ballot shows their own (empty) choices only.
    other = client_for(second_guest).get(reverse("maps:ballot", args=[journey_map.pk]))
    assert "checked" not in other.text
    mine = client_for(guest).get(reverse("maps:ballot", args=[journey_map.pk]))
    assert mine.text.count("checked") == 1
    # The facilitator too: nothing before closing.
    page = client_for(owner).get(reverse("maps:rounds", args=[journey_map.pk]))
    assert "results-table" not in page.text


def test_a_ballot_push_to_the_voters_other_tabs_carries_no_vote(
    journey_map, owner, guest, touchpoints, monkeypatch, django_capture_on_commit_callbacks
):
    pushed = []
    monkeypatch.setattr(
        live, "send", lambda map_id, message, group="": pushed.append((group, message))
    )
    open_emotion(journey_map, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(guest).post(
            reverse("maps:vote", args=[journey_map.pk]),
            {"touchpoint": touchpoints[0].pk, "value": "1"},
            HTTP_PARCOURS_TAB="tab-1",
            **HTMX,
        )
    assert response.status_code == 200
    # The tab that voted is named: it leaves the nudge to the person's other tabs.
    nudge = {"type": "map.ballot", "tab": "tab-1"}
    assert (live.user_group(journey_map.pk, guest.pk), nudge) in pushed


def test_every_vote_nudges_the_voters_other_tabs_whatever_entry_point_sent_it(
    journey_map,
    owner,
    guest,
    touchpoints,
    pain_cards,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """The service sends the nudge, once the vote is saved: no view has to remember it."""
    pushed = []
    monkeypatch.setattr(
        live, "send", lambda map_id, message, group="": pushed.append((group, message))
    )
    nudge = (live.user_group(journey_map.pk, guest.pk), {"type": "map.ballot", "tab": ""})
    open_emotion(journey_map, owner)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=1)
    assert pushed.count(nudge) == 1
    rounds.round_close(user=owner, map_id=journey_map.pk)
    open_dots(journey_map, owner, dots_each=1)
    pushed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[0].pk, delta=1)
    assert pushed.count(nudge) == 1
    # A refused vote changed no ballot: no nudge.
    pushed.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(rounds.RoundRefused):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[1].pk, delta=1)
    assert nudge not in pushed


def test_an_anonymous_visitor_reads_no_ballot(journey_map, owner, workshop, touchpoints):
    open_emotion(journey_map, owner)
    response = Client().get(reverse("maps:ballot", args=[journey_map.pk]))
    assert response.status_code == 302


# Dots -----------------------------------------------------------------------------


def test_dots_are_limited_and_stack_only_when_allowed(journey_map, owner, guest, pain_cards):
    open_dots(journey_map, owner, dots_each=2)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[0].pk, delta=1)
    with pytest.raises(rounds.RoundRefused):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[0].pk, delta=1)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[1].pk, delta=1)
    with pytest.raises(rounds.RoundRefused):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[2].pk, delta=1)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[1].pk, delta=-1)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[2].pk, delta=1)
    assert sum(Vote.objects.values_list("value", flat=True)) == 2


def test_stacking_puts_several_dots_on_one_card(journey_map, owner, guest, pain_cards):
    open_dots(journey_map, owner, dots_each=3, stacking="on")
    for _ in range(3):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[0].pk, delta=1)
    assert Vote.objects.get().value == 3


def test_a_card_off_the_ballot_takes_no_dot(journey_map, owner, guest, pain_cards):
    open_dots(journey_map, owner)
    thought = Card.objects.get(journey_map=journey_map, lane__kind=LaneKind.THOUGHTS)
    with pytest.raises(rounds.RoundRefused):
        rounds.dot(user=guest, map_id=journey_map.pk, card_id=thought.pk, delta=1)


def test_the_facilitator_sees_who_finished_not_what_they_chose(
    journey_map, owner, guest, second_guest, pain_cards
):
    voting = open_dots(journey_map, owner, dots_each=1)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[3].pk, delta=1)
    assert round_results.progress(voting).voters == 1
    assert round_results.finished_voters(voting) == ["Camille"]
    html = fragments.finished_fragment(journey_map)
    assert "Camille" in html
    assert "Irritant 3" not in html


def finish_voting(voting, card, workshop, numbers) -> None:
    """People who have used their one dot: guests (even numbers) and members."""
    for n in numbers:
        user = get_user_model().objects.create_user(username=f"votant-{n}")
        if n % 2 == 0:
            Guest.objects.create(
                workshop=workshop, user=user, display_name=f"Invité {n}", token=workshop.token
            )
        Vote.objects.create(round=voting, voter=user, card=card, value=1)


def test_who_finished_is_named_in_as_many_queries_for_20_voters_as_for_2(
    journey_map, owner, workshop, pain_cards, django_assert_num_queries
):
    voting = open_dots(journey_map, owner, dots_each=1)
    finish_voting(voting, pain_cards[0], workshop, range(2))
    with CaptureQueriesContext(connection) as for_two:
        fragments.finished_fragment(journey_map)
        panel_context(journey_map, facilitator=True)
    finish_voting(voting, pain_cards[0], workshop, range(2, 20))
    with django_assert_num_queries(len(for_two)):
        html = fragments.finished_fragment(journey_map)
        context = panel_context(journey_map, facilitator=True)
    assert "Invité 18" in html
    assert "votant-19" in html
    assert len(context["finished"]) == 20


def test_who_finished_is_never_in_what_the_whole_map_receives(
    journey_map, owner, guest, second_guest, pain_cards
):
    open_dots(journey_map, owner, dots_each=1)
    rounds.dot(user=second_guest, map_id=journey_map.pk, card_id=pain_cards[3].pk, delta=1)
    shared = fragments.render_parts(journey_map, {("progress",), ("round",)})
    assert 'id="round-progress"' in shared
    assert "Dominique" not in shared
    assert "Dominique" not in live.catch_up(journey_map, since=0)["html"]
    url = reverse("maps:catch-up", args=[journey_map.pk])
    assert "Dominique" not in client_for(guest).get(url, {"since": 0}).json()["html"]
    assert "Dominique" in client_for(owner).get(url, {"since": 0}).json()["html"]
    page = reverse("maps:detail", args=[journey_map.pk])
    assert "Dominique" not in client_for(guest).get(page).text
    assert "Dominique" in client_for(owner).get(page).text


# Results --------------------------------------------------------------------------------


def test_closing_shows_the_mean_the_spread_and_the_disagreements(
    journey_map, owner, guest, second_guest, touchpoints
):
    open_emotion(journey_map, owner)
    first, second = touchpoints
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=first.pk, value=2)
    rounds.score(user=second_guest, map_id=journey_map.pk, touchpoint_id=first.pk, value=-2)
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=second.pk, value=-1)
    rounds.score(user=second_guest, map_id=journey_map.pk, touchpoint_id=second.pk, value=-1)
    event = rounds.round_close(user=owner, map_id=journey_map.pk)
    results = round_results.emotion_results(Round.objects.get())
    by_channel = {line.touchpoint.channel: line for line in results.lines}
    assert by_channel["Bus"].mean == 0 and by_channel["Bus"].spread == 2
    assert by_channel["Caisse"].mean == -1 and not by_channel["Caisse"].disagreement
    assert [line.touchpoint.channel for line in results.most_disputed] == ["Bus"]
    html = fragments.render_event(event)
    assert "results-table" in html
    assert 'class="group-band"' in html


def test_adopting_the_mean_sets_the_maps_emotions(
    journey_map, owner, guest, second_guest, touchpoints
):
    open_emotion(journey_map, owner)
    first, second = touchpoints
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=first.pk, value=2)
    rounds.score(user=second_guest, map_id=journey_map.pk, touchpoint_id=first.pk, value=1)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    voting = Round.objects.get()
    rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.emotion == 2  # 1.5 rounds away from zero
    assert first.version == 2
    assert second.emotion == 0 and second.version == 1  # nobody scored it
    with pytest.raises(PermissionDenied):
        rounds.round_adopt(user=guest, map_id=journey_map.pk, round_id=voting.pk)


def test_dot_results_rank_cards_by_dots(journey_map, owner, guest, second_guest, pain_cards):
    open_dots(journey_map, owner, dots_each=2)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[5].pk, delta=1)
    rounds.dot(user=second_guest, map_id=journey_map.pk, card_id=pain_cards[5].pk, delta=1)
    rounds.dot(user=guest, map_id=journey_map.pk, card_id=pain_cards[2].pk, delta=1)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    ranking = round_results.dot_results(Round.objects.get())
    assert [(line.card.text, line.dots) for line in ranking] == [
        ("Irritant 5", 2),
        ("Irritant 2", 1),
    ]


def test_past_rounds_stay_readable(
    owner_client, journey_map, owner, guest, touchpoints, marketer_client
):
    open_emotion(journey_map, owner)
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoints[0].pk, value=1)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    rounds.round_dismiss(user=owner, map_id=journey_map.pk, round_id=Round.objects.get().pk)
    page = marketer_client.get(reverse("maps:rounds", args=[journey_map.pk]))
    assert page.status_code == 200
    assert "results-table" in page.text
    assert "owner" in page.text
    assert 'class="group-band"' not in fragments.curve_fragment(journey_map)


def test_a_tab_that_reconnects_gets_the_open_round_and_the_timer(
    journey_map, owner, workshop, touchpoints
):
    since = journey_map.events.count()
    facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=4)
    open_emotion(journey_map, owner)
    html = live.catch_up(journey_map, since=since)["html"]
    assert 'id="workshop-timer"' in html and 'data-running="true"' in html
    assert 'id="my-ballot"' in html  # each tab then loads its own ballot


def test_means_read_like_scores():
    from django.utils import translation

    from maps.templatetags.map_tags import signed_mean

    with translation.override("fr"):
        assert [signed_mean(v) for v in (1.5, -0.5, 0.0, -1.04)] == ["+1,5", "−0,5", "0,0", "−1,0"]
