"""Migration 0007 on existing data: every workshop gets its own code, ended ones a read-until
time, and the event log the names of its actors."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("maps", "0006_actions")]
AFTER = [("maps", "0007_guest_access")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_workshops_and_events_are_filled_in(settings):
    settings.PARCOURS_GUEST_GRACE_HOURS = 24
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Workspace = apps.get_model("workspaces", "Workspace")
    JourneyType = apps.get_model("maps", "JourneyType")
    JourneyMap = apps.get_model("maps", "JourneyMap")
    Workshop = apps.get_model("maps", "Workshop")
    MapEvent = apps.get_model("maps", "MapEvent")
    user = User.objects.create(username="marie", first_name="Marie", last_name="Dupont")
    workspace = Workspace.objects.create(name="W")
    journey_type = JourneyType.objects.first()
    ended_at = timezone.now() - timedelta(hours=2)
    for number in range(3):
        journey_map = JourneyMap.objects.create(
            workspace=workspace, title=f"Carte {number}", journey_type=journey_type
        )
        Workshop.objects.create(
            journey_map=journey_map, token=f"t{number}", ended_at=ended_at if number else None
        )
        MapEvent.objects.create(journey_map=journey_map, revision=1, kind="x", actor=user)
    try:
        apps = migrate(AFTER)
        Workshop = apps.get_model("maps", "Workshop")
        MapEvent = apps.get_model("maps", "MapEvent")
        codes = list(Workshop.objects.values_list("code", flat=True))
        assert len(set(codes)) == 3
        assert all(len(code) == 6 for code in codes)
        assert Workshop.objects.get(ended_at__isnull=True).guests_until is None
        for workshop in Workshop.objects.filter(ended_at__isnull=False):
            assert workshop.guests_until == workshop.ended_at + timedelta(hours=24)
        assert set(MapEvent.objects.values_list("actor_name", flat=True)) == {"Marie Dupont"}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
