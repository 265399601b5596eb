"""A persona renamed or deleted in the library: open map pages redraw their curve and
persona chips."""

import json

import pytest
from asgiref.sync import sync_to_async

from maps import live
from maps.models import JourneyMap
from personas import services
from tests.personas.conftest import _edit_data


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(
        live, "send", lambda map_id, message, group="": messages.append((map_id, message))
    )
    return messages


def test_renaming_a_persona_redraws_the_curve_of_each_map_using_it(
    owner, workspace, journey_map, ludovic, sent, django_capture_on_commit_callbacks
):
    other = JourneyMap.objects.create(
        workspace=workspace,
        title="Autre carte",
        journey_type=journey_map.journey_type,
        created_by=owner,
    )
    other.personas.add(ludovic)
    revision = journey_map.revision
    with django_capture_on_commit_callbacks(execute=True):
        services.persona_update(
            user=owner, persona_id=ludovic.pk, data=_edit_data(ludovic, name="Ludo")
        )
    assert sorted(map_id for map_id, _message in sent) == sorted([journey_map.pk, other.pk])
    _map_id, message = next(item for item in sent if item[0] == journey_map.pk)
    assert message["type"] == "map.redraw"
    redraw = json.loads(message["text"])
    assert redraw["type"] == "redraw"
    assert 'id="emotion-curve"' in redraw["html"] and 'hx-swap-oob="true"' in redraw["html"]
    assert '<span class="persona-name">Ludo</span>' in redraw["html"]
    # The header's persona chips too, on their own: the header's forms are left alone.
    assert '<dd id="map-personas" hx-swap-oob="true">' in redraw["html"]
    assert f'href="{ludovic.get_absolute_url()}">Ludo</a>' in redraw["html"]
    assert 'id="map-header"' not in redraw["html"]
    journey_map.refresh_from_db()
    assert journey_map.revision == revision  # no change of the map: no revision, no event


def test_saving_a_persona_without_renaming_it_sends_nothing(
    owner, ludovic, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.persona_update(
            user=owner, persona_id=ludovic.pk, data=_edit_data(ludovic, goals="Du pain chaud")
        )
    assert sent == []


def test_deleting_a_persona_redraws_the_curve_without_its_line(
    owner, journey_map, ludovic, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.persona_delete(user=owner, persona_id=ludovic.pk)
    [(map_id, message)] = sent
    html = json.loads(message["text"])["html"]
    assert map_id == journey_map.pk
    assert "Ludovic" not in html and "persona-legend" not in html  # one persona left
    assert 'id="map-personas"' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
async def test_an_open_tab_gets_the_redrawn_curve(journey_map, owner, ludovic):
    from tests.maps.test_consumers import connect, next_of_type

    socket, connected = await connect(journey_map.pk, owner)
    assert connected
    await next_of_type(socket, "presence")
    data = await sync_to_async(_edit_data)(ludovic, name="Ludo")
    await sync_to_async(services.persona_update)(user=owner, persona_id=ludovic.pk, data=data)
    redraw = await next_of_type(socket, "redraw")
    assert '<span class="persona-name">Ludo</span>' in redraw["html"]
    await socket.disconnect()
