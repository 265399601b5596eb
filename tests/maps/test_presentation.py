"""Presentation mode (maps:present): every slide of a map in one page, for its readers."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import presentation, services, share_links
from maps.grid import build_grid
from maps.models import Action, Card, Cause, Lane, LaneKind, Stage, Touchpoint
from maps.sample import build_map


def url(journey_map):
    return reverse("maps:present", args=[journey_map.pk])


def slide_ids(html: str) -> list[str]:
    return re.findall(r'<section id="(slide-[^"]+)"\s+class="slide\b', html)


@pytest.fixture
def pains(journey_map):
    """Three pain points: two of time (in both stages), one without a cause."""
    need, purchase = journey_map.stages.order_by("position")
    lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    for stage, text, cause in [
        (purchase, "La file d'attente", Cause.TIME),
        (need, "Dix minutes perdues", Cause.TIME),
        (purchase, "Trop de choix", ""),
    ]:
        Card.objects.create(journey_map=journey_map, stage=stage, lane=lane, text=text, cause=cause)
    return lane


def test_a_reader_gets_every_slide_in_order(marketer_client, journey_map, pains):
    need, purchase = journey_map.stages.order_by("position")
    response = marketer_client.get(url(journey_map))
    assert response.status_code == 200
    html = response.content.decode()
    assert slide_ids(html) == [
        "slide-title",
        f"slide-stage-{need.pk}",
        f"slide-stage-{purchase.pk}",
        "slide-curve",
        "slide-pain-points",
        "slide-plan",
    ]
    # One slide shows until the script picks another: the others are hidden.
    sections = re.findall(r'<section id="slide-[^>]*>', html)
    hidden = [tag.rstrip(">").split()[-1] == "hidden" for tag in sections]
    assert hidden == [False] + [True] * 5
    assert "1 / 6" in html
    assert "Nell achète une baguette" in html
    # A marketer reads: no workshop to lead.
    assert 'id="deck-lead"' not in html


def test_a_stage_slide_shows_its_touchpoints_cards_and_curve(owner_client, journey_map):
    need = journey_map.stages.order_by("position").first()
    html = owner_client.get(url(journey_map)).content.decode()
    start = html.index(f'id="slide-stage-{need.pk}"')
    stage = html[start : html.index('<section id="slide-', start)]
    for text in ["Besoin", "Bus", "pressée", "Descend du bus", "Pensées", "Pas de pain ce soir !"]:
        assert text in unescape(stage)
    assert f'id="emotion-curve-{need.pk}"' in stage
    assert "Étape 1 sur 2" in stage


def test_a_stage_without_cards_says_so(owner_client, journey_map):
    purchase = journey_map.stages.order_by("position").last()
    html = owner_client.get(url(journey_map)).content.decode()
    stage = html[html.index(f'id="slide-stage-{purchase.pk}"') : html.index('id="slide-curve"')]
    assert "Aucun post-it dans cette étape." in stage
    assert "Aucun point de contact dans cette étape." in stage


def test_a_map_without_stages_says_so(owner_client, journey_map):
    Stage.objects.filter(journey_map=journey_map).delete()
    html = owner_client.get(url(journey_map)).content.decode()
    assert "slide-no-stage" in html
    assert "Cette carte n’a pas encore d’étape" in html or "pas encore d'étape" in html
    assert "Aucun irritant sur cette carte" in html
    assert "Aucune action pour l’instant." in html or "Aucune action pour l'instant." in html


def test_pain_points_are_grouped_by_cause_stage_by_stage(journey_map, pains):
    grid = build_grid(journey_map)
    groups = presentation.pain_points_by_cause(grid)
    assert [(g.cause, [card.text for _stage, card in g.cards]) for g in groups] == [
        ("time", ["Dix minutes perdues", "La file d'attente"]),
        ("", ["Trop de choix"]),
    ]


def test_the_pain_points_slide_names_each_cause(owner_client, journey_map, pains):
    html = owner_client.get(url(journey_map)).content.decode()
    slide = html[html.index('id="slide-pain-points"') : html.index('id="slide-plan"')]
    assert "Temps" in slide
    assert "Cause non précisée" in slide
    assert unescape(slide).index("Dix minutes perdues") < unescape(slide).index("La file")


def test_the_plan_slide_lists_actions_by_priority(owner_client, journey_map):
    Action.objects.create(journey_map=journey_map, title="Plus tard", impact=1, effort=3)
    Action.objects.create(journey_map=journey_map, title="Vite fait", impact=3, effort=1)
    html = owner_client.get(url(journey_map)).content.decode()
    slide = html[html.index('id="slide-plan"') :]
    assert slide.index("Vite fait") < slide.index("Plus tard")


def test_user_text_is_escaped(owner_client, journey_map):
    attack = '<script>alert("x")</script>'
    journey_map.title = attack
    journey_map.save()
    Card.objects.filter(journey_map=journey_map).update(text=attack)
    Stage.objects.filter(journey_map=journey_map).update(name=attack)
    Touchpoint.objects.filter(journey_map=journey_map).update(channel=attack, feeling=attack)
    html = owner_client.get(url(journey_map)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_an_outsider_gets_a_404(outsider_client, journey_map):
    assert outsider_client.get(url(journey_map)).status_code == 404


def test_a_missing_map_is_a_404(owner_client, journey_map):
    missing = reverse("maps:present", args=[journey_map.pk + 1000])
    assert owner_client.get(missing).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, journey_map):
    response = client.get(url(journey_map))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_guest_of_the_workshop_may_present_but_not_lead(guest_client, journey_map):
    response = guest_client.get(url(journey_map))
    assert response.status_code == 200
    assert 'id="deck-lead"' not in response.content.decode()


def test_a_facilitator_leads_only_while_a_workshop_is_open(owner_client, journey_map):
    assert 'id="deck-lead"' not in owner_client.get(url(journey_map)).content.decode()
    from maps.workshops import workshop_start

    owner = journey_map.created_by
    workshop_start(user=owner, map_id=journey_map.pk)
    html = owner_client.get(url(journey_map)).content.decode()
    assert 'id="deck-lead"' in html
    assert f'data-focus-url="{reverse("maps:focus", args=[journey_map.pk])}"' in html
    assert "csrfmiddlewaretoken" in html


def test_the_map_page_offers_to_present(marketer_client, journey_map):
    html = marketer_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert f'href="{url(journey_map)}"' in html


def test_it_renders_with_a_constant_number_of_queries(owner_client, workspace, owner):
    small = build_map(workspace, stages=2, lanes=2, cards=4, title="Petite")
    large = build_map(workspace, stages=12, lanes=8, cards=400, title="Grande")
    for journey_map in (small, large):
        # Pain points with causes, and actions: every slide has something to draw.
        lane = Lane.objects.filter(journey_map=journey_map).first()
        lane.kind = LaneKind.PAIN_POINTS
        lane.save()
        Card.objects.filter(lane=lane).update(cause=Cause.MONEY)
        for n in range(3 if journey_map is small else 30):
            Action.objects.create(journey_map=journey_map, title=f"Action {n}")

    def count(journey_map):
        owner_client.get(url(journey_map))  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(url(journey_map))
        assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large)
    assert len(slide_ids(owner_client.get(url(large)).content.decode())) == 12 + 4


def test_a_stage_with_many_cards_is_set_tighter(owner_client, workspace):
    crowded = build_map(workspace, stages=1, lanes=4, cards=60, title="Serrée")
    html = owner_client.get(url(crowded)).content.decode()
    assert "density-crowded" in html


def test_the_whole_curve_leaves_out_its_words_when_they_would_collide(owner_client, workspace):
    few = build_map(workspace, stages=3, lanes=1, cards=3, touchpoints_per_stage=2)
    many = build_map(workspace, stages=12, lanes=1, cards=3, touchpoints_per_stage=3)
    assert "curve-unworded" not in owner_client.get(url(few)).content.decode()
    html = owner_client.get(url(many)).content.decode()
    assert "curve-unworded" in html
    # Still said to screen readers, in the curve's description.
    assert "Canal 12.3: " in html


# Through a share link ---------------------------------------------------------------


def shared_url(token: str) -> str:
    return reverse("share-present", args=[token])


def test_a_share_link_presents_its_map_without_login(owner, journey_map, pains):
    _link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    response = Client().get(shared_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nell achète une baguette" in html
    assert "Pas de pain ce soir !" in html
    assert "La file d" in html
    assert 'name="robots" content="noindex, nofollow"' in html
    # Back to the shared page, never to the map's own (which needs a login); nobody leads.
    assert f'href="{reverse("share-map", args=[token])}"' in html
    assert reverse("maps:detail", args=[journey_map.pk]) not in html
    assert 'id="deck-lead"' not in html
    # The shared page offers it.
    page = Client().get(reverse("share-map", args=[token])).content.decode()
    assert f'href="{shared_url(token)}"' in page


def test_a_link_of_one_map_never_presents_another(owner, journey_map, workspace):
    other = build_map(workspace, stages=2, lanes=1, cards=2, title="Carte B secrète")
    _link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="A", password="", expires_on=None
    )
    _other_link, other_token = share_links.link_create(
        user=owner, journey_map=other, label="B", password="", expires_on=None
    )
    html = Client().get(shared_url(token)).content.decode()
    assert "Nell achète une baguette" in html
    assert "Carte B secrète" not in html
    assert "Canal 1.1" not in html  # B's touchpoints
    # The token is the only key: nothing in the address can name map B.
    assert Client().get(shared_url(token) + f"?map={other.pk}").content.decode() == html
    assert "Carte B secrète" in Client().get(shared_url(other_token)).content.decode()
    assert "Canal 1.1" in Client().get(shared_url(other_token)).content.decode()


def test_a_shared_presentation_is_checked_like_the_shared_page(owner, journey_map):
    locked, locked_token = share_links.link_create(
        user=owner,
        journey_map=journey_map,
        label="Mot de passe",
        password="baguette",
        expires_on=None,
    )
    visitor = Client()
    # The password first: the slides wait behind the shared page's door.
    response = visitor.get(shared_url(locked_token))
    assert response.status_code == 302
    assert response["Location"] == reverse("share-map", args=[locked_token])
    visitor.post(reverse("share-map", args=[locked_token]), {"password": "baguette"})
    assert "Pas de pain ce soir !" in visitor.get(shared_url(locked_token)).content.decode()
    # Revoked: 410, and nothing of the map.
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=locked.pk)
    response = visitor.get(shared_url(locked_token))
    assert response.status_code == 410
    assert "Pas de pain" not in response.content.decode()
    assert Client().get(shared_url("nope")).status_code == 404


# Following the map: the slides asked for again ----------------------------------------


def deck_url(journey_map):
    return reverse("maps:present-deck", args=[journey_map.pk])


def shared_deck_url(token: str) -> str:
    return reverse("share-present-deck", args=[token])


def rename_card(journey_map, text: str, new_text: str) -> None:
    """A change of the map, as a participant makes it (one revision more)."""
    card = Card.objects.get(journey_map=journey_map, text=text)
    services.item_update(
        user=journey_map.created_by,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "text": new_text,
            "stage": card.stage_id,
            "lane": card.lane_id,
            "version": card.version,
        },
    )


def test_the_page_says_where_to_ask_for_its_slides_again(owner_client, journey_map):
    html = owner_client.get(url(journey_map)).content.decode()
    assert f'data-deck-url="{deck_url(journey_map)}"' in html
    assert re.search(
        rf'id="deck-slides"\s+class="deck-slides"\s+data-revision="{journey_map.revision}"', html
    )
    # The logged-in page polls; only a share link's page has the link's socket.
    assert "data-share-socket" not in html


def test_the_slides_come_again_only_once_the_map_changed(owner_client, journey_map, pains):
    revision = journey_map.revision
    unchanged = owner_client.get(deck_url(journey_map), {"revision": revision})
    assert unchanged.status_code == 204
    assert unchanged["Cache-Control"].startswith("max-age=0")
    rename_card(journey_map, "La file d'attente", "Une file interminable")
    changed = owner_client.get(deck_url(journey_map), {"revision": revision})
    assert changed.status_code == 200
    html = changed.content.decode()
    assert html.lstrip().startswith('<div id="deck-slides"')
    assert f'data-revision="{revision + 1}"' in html
    assert "Une file interminable" in html
    # Only the slides: no page around them, no controls.
    assert "<html" not in html
    assert "deck-controls" not in html
    assert slide_ids(html) == slide_ids(owner_client.get(url(journey_map)).content.decode())


def test_the_slides_are_asked_for_with_access_checked(
    outsider_client, client, guest_client, journey_map
):
    assert outsider_client.get(deck_url(journey_map)).status_code == 404
    assert client.get(deck_url(journey_map)).status_code == 302
    assert guest_client.get(deck_url(journey_map)).status_code == 200


def test_asking_for_the_slides_takes_constant_queries(owner_client, workspace):
    small = build_map(workspace, stages=2, lanes=2, cards=4, title="Petite")
    large = build_map(workspace, stages=12, lanes=8, cards=400, title="Grande")

    def count(journey_map, revision):
        owner_client.get(deck_url(journey_map))  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = owner_client.get(deck_url(journey_map), {"revision": revision})
        return response.status_code, len(queries)

    assert count(small, small.revision) == count(large, large.revision)
    assert count(small, small.revision)[0] == 204
    assert count(small, -1) == count(large, -1)
    assert count(small, -1)[0] == 200


def test_the_curve_slides_name_their_levels(owner_client, journey_map):
    html = owner_client.get(url(journey_map)).content.decode()
    labels = re.findall(r'<text class="curve-level-name"[^>]*>([^<]+)</text>', html)
    # Each stage's curve and the whole curve: −2 … +2 inside the drawing.
    assert labels == ["+2", "+1", "0", "−1", "−2"] * (journey_map.stages.count() + 1)
    # The map page keeps its axis beside the curve, not inside.
    detail = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert '<text class="curve-level-name"' not in detail


def test_a_shared_presentation_follows_the_map_through_its_link(owner, journey_map, pains):
    _link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    visitor = Client()
    html = visitor.get(shared_url(token)).content.decode()
    assert f'data-deck-url="{shared_deck_url(token)}"' in html
    assert f'data-share-socket="/ws/s/{token}/"' in html
    revision = journey_map.revision
    assert visitor.get(shared_deck_url(token), {"revision": revision}).status_code == 204
    rename_card(journey_map, "Trop de choix", "Bien trop de choix")
    changed = visitor.get(shared_deck_url(token), {"revision": revision})
    assert changed.status_code == 200
    assert "Bien trop de choix" in changed.content.decode()


def test_a_shared_presentation_ends_with_its_link(owner, journey_map):
    link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    visitor = Client()
    assert (
        visitor.get(shared_deck_url(token), {"revision": journey_map.revision}).status_code == 204
    )
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    response = visitor.get(shared_deck_url(token), {"revision": journey_map.revision})
    # 200 with the notice, for the page to show in place of the slides; nothing of the map.
    assert response.status_code == 200
    html = response.content.decode()
    assert "share-ended" in html
    assert "révoqué" in html
    assert "deck-slides" not in html
    assert "Nell" not in html
    assert "share-ended" in Client().get(shared_deck_url("nope")).content.decode()


def test_a_password_link_gives_no_slides_before_its_password(owner, journey_map):
    _link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Clé", password="baguette", expires_on=None
    )
    html = Client().get(shared_deck_url(token)).content.decode()
    assert "deck-slides" not in html
    assert "share-ended" in html


def test_a_wide_curve_squeezed_onto_a_slide_names_its_levels_larger(workspace):
    few = build_map(workspace, stages=3, lanes=1, cards=2, title="Trois")
    many = build_map(workspace, stages=12, lanes=1, cards=2, title="Douze")
    small = presentation.build(few, build_grid(few), [])
    wide = presentation.build(many, build_grid(many), [])
    # Twelve stages on one slide: drawn smaller, so labelled larger in the drawing's units.
    assert wide.curve_level_size > small.curve_level_size >= presentation.WHOLE_LEVEL_MIN
    assert wide.curve.width / wide.curve_level_size == pytest.approx(65, abs=1)
