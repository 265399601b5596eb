"""The facilitator's timer and focus: shared by every tab, right for a tab that joins late."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from maps import events, facilitation, fragments
from maps.models import JourneyMap, JourneyType, Stage
from tests.conftest import HTMX


@pytest.fixture
def stage(journey_map):
    return Stage.objects.filter(journey_map=journey_map).first()


def test_the_timer_needs_an_open_workshop(journey_map, owner):
    with pytest.raises(facilitation.NoWorkshop):
        facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=5)


def test_a_timer_runs_pauses_resumes_extends_and_resets(journey_map, owner, workshop):
    facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=5)
    workshop.refresh_from_db()
    assert workshop.timer_duration == 300
    assert 298 <= workshop.seconds_left() <= 300

    facilitation.timer_pause(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None
    assert 298 <= workshop.timer_left <= 300

    facilitation.timer_add_minute(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert 358 <= workshop.timer_left <= 360

    facilitation.timer_start(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is not None
    assert 356 <= workshop.seconds_left() <= 360

    facilitation.timer_reset(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert (workshop.timer_ends_at, workshop.timer_left) == (None, workshop.timer_duration)


def test_a_minute_added_at_zero_counts_from_now(journey_map, owner, workshop):
    workshop.timer_duration = 60
    workshop.timer_ends_at = timezone.now() - timedelta(seconds=30)
    workshop.save()
    facilitation.timer_add_minute(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert 58 <= workshop.seconds_left() <= 60


def test_a_tab_that_joins_late_shows_the_time_left(owner_client, journey_map, owner, workshop):
    facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=10)
    workshop.refresh_from_db()
    workshop.timer_ends_at = timezone.now() + timedelta(minutes=3, seconds=20)
    workshop.save()
    page = owner_client.get(journey_map.get_absolute_url()).text
    assert 'data-running="true"' in page
    assert f'data-ends-at="{int(workshop.timer_ends_at.timestamp() * 1000)}"' in page
    assert "data-server-now=" in page
    assert ">03:19<" in page or ">03:20<" in page


def test_timer_changes_reach_every_tab_as_the_timer_fragment(journey_map, owner, workshop):
    event = facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=2)
    html = fragments.render_event(event)
    assert 'id="workshop-timer"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-running="true"' in html


@pytest.mark.parametrize("who", ["guest", "marketer"])
def test_only_facilitators_steer_the_timer_and_the_focus(
    request, journey_map, workshop, stage, who
):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        facilitation.timer_start(user=user, map_id=journey_map.pk, minutes=5)
    with pytest.raises(PermissionDenied):
        facilitation.focus_set(user=user, map_id=journey_map.pk, target=f"stage-{stage.pk}")


def test_focus_brings_everyone_to_a_stage(journey_map, owner, workshop, stage):
    event = facilitation.focus_set(user=owner, map_id=journey_map.pk, target=f"stage-{stage.pk}")
    workshop.refresh_from_db()
    assert workshop.focus == f"stage-{stage.pk}"
    html = fragments.render_event(event)
    assert f'data-focus="stage-{stage.pk}"' in html
    facilitation.focus_set(user=owner, map_id=journey_map.pk, target="")
    workshop.refresh_from_db()
    assert workshop.focus == ""


@pytest.mark.parametrize("target", ["card-1", "stage-x", "<script>", "lane-999999"])
def test_focus_is_a_stage_or_lane_of_this_map(journey_map, owner, workshop, target):
    with pytest.raises(facilitation.NoWorkshop):
        facilitation.focus_set(user=owner, map_id=journey_map.pk, target=target)


def test_focus_on_another_maps_stage_is_refused(journey_map, owner, workshop, workspace):
    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type=JourneyType.objects.first()
    )
    elsewhere = Stage.objects.create(journey_map=other, name="Ailleurs")
    with pytest.raises(facilitation.NoWorkshop):
        facilitation.focus_set(user=owner, map_id=journey_map.pk, target=f"stage-{elsewhere.pk}")


def test_a_refused_control_says_why_where_the_user_is(owner_client, journey_map):
    response = owner_client.post(
        reverse("maps:timer", args=[journey_map.pk]),
        {"action": "start", "minutes": "5"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "parcours:refused" in response["HX-Trigger"]


def test_the_timer_view_answers_with_the_event(owner_client, journey_map, workshop):
    response = owner_client.post(
        reverse("maps:timer", args=[journey_map.pk]),
        {"action": "start", "minutes": "abc"},
        **HTMX,
    )
    assert response.status_code == 422
    response = owner_client.post(
        reverse("maps:timer", args=[journey_map.pk]),
        {"action": "start", "minutes": "7"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["Parcours-Revision"]
    assert ">07:00<" in response.text


def test_a_locked_map_keeps_the_facilitators_timer_focus_and_rounds(
    journey_map, owner, workshop, stage
):
    from maps import round_results, rounds, workshops

    workshops.map_lock(user=owner, map_id=journey_map.pk, locked=True)
    facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=3)
    facilitation.focus_set(user=owner, map_id=journey_map.pk, target=f"stage-{stage.pk}")
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is not None
    assert workshop.focus == f"stage-{stage.pk}"
    assert round_results.open_round(journey_map) is not None
    assert JourneyMap.objects.get(pk=journey_map.pk).locked


def test_a_facilitator_locks_and_unlocks_a_map_without_a_workshop(owner_client, journey_map):
    lock = reverse("maps:lock", args=[journey_map.pk])
    assert not journey_map.workshops.exists()
    for value, locked in (("1", True), ("0", False)):
        response = owner_client.post(lock, {"locked": value}, **HTMX)
        assert response.status_code == 200
        assert f'data-locked="{str(locked).lower()}"' in response.text
        assert JourneyMap.objects.get(pk=journey_map.pk).locked is locked


def test_the_map_pages_lock_button_is_a_facilitator_control_not_a_content_edit(
    owner_client, journey_map
):
    # The read-only page cancels content edits (.edit-control) and lets the
    # facilitator's controls through (static/js/parcours.js).
    journey_map.locked = True
    journey_map.save()
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    lock = reverse("maps:lock", args=[journey_map.pk])
    controls = html.split(f'hx-post="{lock}"')[0].rsplit('class="map-actions', 1)[1]
    assert controls.startswith(' facilitator-control"')
    assert 'hx-vals=\'{"locked": "0"}\'' in html


def bar(html: str) -> str:
    start = html.index('id="workshop-bar"')
    return html[start : html.index("</div>", start)]


def test_the_workshop_bar_shows_a_running_timer_and_an_open_round(journey_map, owner, workshop):
    from maps import rounds

    page = fragments.render_parts(journey_map, events.FACILITATION)
    assert "is-active" not in bar(page)  # nothing running: no bar

    started = fragments.render_event(
        facilitation.timer_start(user=owner, map_id=journey_map.pk, minutes=2)
    )
    assert "is-active" in bar(started) and "timer-clock" in bar(started)
    assert 'hx-swap-oob="true"' in bar(started)

    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    opened = fragments.render_event(journey_map.events.order_by("-revision").first())
    assert 'href="#round-panel"' in bar(opened)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    closed = fragments.render_event(journey_map.events.order_by("-revision").first())
    assert 'href="#round-panel"' not in bar(closed)
    assert "timer-clock" in bar(closed)  # the timer is still set
