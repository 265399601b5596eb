import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import fragments
from maps.grid import cell as grid_cell
from maps.item_kinds import ITEM_KINDS
from maps.models import Action, Card, Lane, Stage, Touchpoint
from maps.sample import build_map


def url(journey_map):
    return reverse("maps:detail", args=[journey_map.pk])


def test_it_shows_the_whole_map(owner_client, journey_map):
    response = owner_client.get(url(journey_map))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Nell achète une baguette",
        "Besoin",
        "Achat",
        "Bus",
        "Pas de pain ce soir !",
        "Pensées",
        "Irritants",
        'id="emotion-curve"',
    ]:
        assert text in html


def test_it_renders_with_a_constant_number_of_queries(owner_client, workspace):
    small = build_map(workspace, stages=2, lanes=2, cards=4, title="Petite")
    large = build_map(workspace, stages=12, lanes=8, cards=400, title="Grande")
    huge = build_map(workspace, stages=12, lanes=8, cards=3200, title="Immense")

    def count(journey_map):
        owner_client.get(url(journey_map))  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url(journey_map))
        assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large) == count(huge)
    assert Card.objects.filter(journey_map=large).count() == 400
    assert Card.objects.filter(journey_map=huge).count() == 3200


def test_it_escapes_html_in_every_field(owner_client, journey_map):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    journey_map.title = attack
    journey_map.targets = attack
    journey_map.save()
    Card.objects.filter(journey_map=journey_map).update(text=attack, figure=attack[:40])
    Touchpoint.objects.filter(journey_map=journey_map).update(channel=attack, feeling=attack)
    html = owner_client.get(url(journey_map)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_item_tools_escape_names_once(owner_client, journey_map):
    """The move and delete buttons say the stage's, lane's or action's name."""
    attack = '<b onmouseover="alert(1)">'
    Stage.objects.filter(journey_map=journey_map).update(name=attack)
    Lane.objects.filter(journey_map=journey_map).update(title=attack)
    Action.objects.create(journey_map=journey_map, title=attack, position=0)
    html = owner_client.get(url(journey_map)).content.decode()
    assert "<b onmouseover" not in html
    assert "&amp;lt;" not in html
    escaped = "&lt;b onmouseover=&quot;alert(1)&quot;&gt;"
    labels = re.findall(r'aria-label="([^"]*)"', html)
    # Move back, move forth and delete for a stage and a lane; delete for the action.
    assert sum(escaped in label for label in labels) >= 7, labels


def test_the_page_is_sent_compressed(owner_client, journey_map):
    response = owner_client.get(url(journey_map), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_only_the_map_page_loads_the_live_modules(owner_client, journey_map):
    live = '<script type="module" src="/static/js/live/main.js"></script>'
    assert live in owner_client.get(url(journey_map)).content.decode()
    assert live not in owner_client.get(reverse("maps:list")).content.decode()


def test_outsiders_get_a_404(outsider_client, journey_map):
    assert outsider_client.get(url(journey_map)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, journey_map):
    response = client.get(url(journey_map))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_marketers_see_a_read_only_map(marketer_client, journey_map):
    response = marketer_client.get(url(journey_map))
    assert response.status_code == 200
    assert "read-only" in response.content.decode()


def test_editors_see_the_editing_controls(owner_client, journey_map):
    html = owner_client.get(url(journey_map)).content.decode()
    assert "read-only" not in html
    assert "new-stage" in html


def test_an_unknown_map_is_a_404(owner_client):
    assert owner_client.get(reverse("maps:detail", args=[987654])).status_code == 404


def test_a_map_without_stages_invites_to_add_one(owner_client, workspace):
    empty = build_map(workspace, stages=0, lanes=0, cards=0, title="Vide")
    html = owner_client.get(url(empty)).content.decode()
    assert 'class="empty-state"' in html
    assert "emotion-curve" not in html


def test_every_item_has_its_move_and_delete_tools(owner_client, journey_map):
    """Stages and lanes move and delete without asking (deleting content asks on the
    server); touchpoints and cards confirm a delete; actions sort by priority, so
    they have no move buttons."""
    Action.objects.create(journey_map=journey_map, title="Ouvrir plus tôt", position=0)
    buttons = re.findall(r"<button[^>]*>", owner_client.get(url(journey_map)).content.decode())
    for kind, moves, confirms in [
        ("stage", ["prev", "next"], False),
        ("lane", ["prev", "next"], False),
        ("touchpoint", ["prev", "next"], True),
        ("card", ["prev", "next"], True),
        ("action", [], True),
    ]:
        item = ITEM_KINDS[kind].model.objects.filter(journey_map=journey_map).first()
        args = [journey_map.pk, kind, item.pk]
        move = f'hx-post="{reverse("maps:item-move", args=args)}"'
        delete = f'hx-post="{reverse("maps:item-delete", args=args)}"'
        move_buttons = [button for button in buttons if move in button]
        assert [re.search(r'"direction": "(\w+)"', b)[1] for b in move_buttons] == moves, kind
        [delete_button] = [button for button in buttons if delete in button]
        assert ("hx-confirm=" in delete_button) is confirms, kind
        for button in [*move_buttons, delete_button]:
            assert re.search(r'title="[^"]+"', button), kind


def test_the_page_writes_the_item_tools_once():
    """One tag writes the move and delete buttons of every kind of item."""
    source = (Path(settings.BASE_DIR) / "templates/maps/map_detail.html").read_text()
    assert "maps:item-move" not in source and "maps:item-delete" not in source
    tags = (Path(settings.BASE_DIR) / "maps/templatetags/map_tags.py").read_text()
    assert tags.count('"maps:item-move"') == 1
    assert tags.count('"maps:item-delete"') == 1


def test_the_page_carries_one_add_form_of_each_kind(owner_client, journey_map):
    """Each cell's "+ Card" and each stage's "+ Touchpoint" panel is empty: static
    JS copies the page's one form into it when it opens, with the ids it names."""
    html = owner_client.get(url(journey_map)).content.decode()
    assert html.count('<template id="add-card-form">') == 1
    assert html.count('<template id="add-touchpoint-form">') == 1
    assert html.count('name="text"') == 1
    assert html.count('name="channel"') == 1
    card = Card.objects.filter(journey_map=journey_map).select_related("lane").first()
    cell = f"{card.stage_id}-{card.lane_id}"
    panel = re.search(rf'<details id="add-card-{cell}"[^>]*>', html)[0]
    assert 'data-add-form="add-card-form"' in panel
    assert f'data-form-id="new-card-{cell}"' in panel
    assert f'data-stage="{card.stage_id}"' in panel and f'data-lane="{card.lane_id}"' in panel
    assert f'data-lane-kind="{card.lane.kind}"' in panel
    stage = card.stage_id
    panel = re.search(rf'<details id="add-touchpoint-{stage}"[^>]*>', html)[0]
    assert f'data-form-id="new-touchpoint-{stage}"' in panel


def test_a_cell_pushed_live_is_the_cell_of_the_page(owner_client, journey_map):
    """The fragments and the page write cells and cards the same way."""
    html = owner_client.get(url(journey_map)).content.decode()
    card = Card.objects.filter(journey_map=journey_map).select_related("stage", "lane").first()
    pushed = fragments.render_partial("cell", oob=False, cell=grid_cell(card.stage, card.lane))
    assert pushed.strip() in html
    pushed_card = fragments.render_partial("card", oob=True, card=card, lane=card.lane)
    assert pushed_card.startswith(f'<article id="card-{card.pk}" class="card card-')
    assert 'hx-swap-oob="true"' in pushed_card.split(">")[0]
