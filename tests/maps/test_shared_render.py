"""The shared page's map, rendered once per revision for every viewer and link."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import services, share_links, shared_render
from maps.models import Card, JourneyMap, JourneyType
from maps.sample import build_map


def make_link(owner, journey_map, password: str = ""):
    return share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password=password, expires_on=None
    )


def changes_of(token: str, client: Client | None = None):
    # revision=-1: a page that never saw the map, so the map is answered, not a 204.
    url = reverse("share-changes", args=[token])
    return (client or Client()).get(url, {"revision": -1})


@pytest.fixture
def renders(monkeypatch):
    """How many times the map's part was rendered (a cache miss each)."""
    calls = []
    real = shared_render._render

    def counted(journey_map):
        calls.append(journey_map.pk)
        return real(journey_map)

    monkeypatch.setattr(shared_render, "_render", counted)
    return calls


def add_card(owner, journey_map, text: str):
    card = journey_map.cards.first()
    services.item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"text": text, "stage": card.stage_id, "lane": card.lane_id},
    )


def test_every_viewer_of_every_link_shares_one_render(owner, journey_map, renders):
    _first, one = make_link(owner, journey_map)
    _second, two = make_link(owner, journey_map)
    for token in (one, two, one, two):
        html = changes_of(token).content.decode()
        assert "Pas de pain ce soir !" in html
        # The link's own addresses are this request's, never the first viewer's.
        assert reverse("share-present", args=[token]) in html
    assert Client().get(reverse("share-map", args=[two])).status_code == 200
    assert renders == [journey_map.pk]


def test_the_next_fetch_after_a_change_shows_it(owner, journey_map, renders):
    _link, token = make_link(owner, journey_map)
    assert "Plus de baguettes" not in changes_of(token).content.decode()
    add_card(owner, journey_map, "Plus de baguettes")
    html = changes_of(token).content.decode()
    assert "Plus de baguettes" in html
    journey_map.refresh_from_db()
    assert f"revision={journey_map.revision}&amp;" in html
    assert len(renders) == 2


def test_a_new_revision_is_rendered_again(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    assert "Plus de croissants" not in changes_of(token).content.decode()
    # Only the revision moves (as the admin's bulk edits do): no later time stamp.
    card = journey_map.cards.get()
    Card.objects.create(
        journey_map=journey_map, stage=card.stage, lane=card.lane, text="Plus de croissants"
    )
    JourneyMap.objects.filter(pk=journey_map.pk).update(revision=F("revision") + 1)
    assert "Plus de croissants" in changes_of(token).content.decode()


def test_a_render_never_shows_another_maps_content(owner, workspace, journey_map):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Ludovic court", "journey_type": JourneyType.objects.first().pk},
    )
    # The same revision, time stamp, personas and language: only the id tells them apart.
    JourneyMap.objects.filter(pk=other.pk).update(
        revision=journey_map.revision, updated_at=journey_map.updated_at
    )
    other.personas.set(journey_map.personas.all())
    _link, token = make_link(owner, journey_map)
    _other_link, other_token = make_link(owner, other)
    assert "Nell achète une baguette" in changes_of(token).content.decode()
    html = changes_of(other_token).content.decode()
    assert "Ludovic court" in html
    assert "Nell achète une baguette" not in html
    assert "Pas de pain" not in html
    assert "Nell achète une baguette" in changes_of(token).content.decode()


def test_the_map_is_escaped_whether_rendered_or_cached(owner, journey_map):
    attack = '<script>alert("x")</script>'
    journey_map.title = attack
    journey_map.targets = '<img src=x onerror="alert(1)">'
    journey_map.save()
    add_card(owner, journey_map, attack)
    _link, token = make_link(owner, journey_map)
    for _fetch in ("rendered", "cached"):
        for response in (Client().get(reverse("share-map", args=[token])), changes_of(token)):
            html = response.content.decode()
            assert attack not in html
            assert "<img src=x" not in html
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_each_language_has_its_own_render(owner, journey_map, renders, settings):
    _link, token = make_link(owner, journey_map)
    assert "Plan d’action" in changes_of(token).content.decode()
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    english = changes_of(token, visitor).content.decode()
    assert "Action plan" in english
    assert "Plan d’action" not in english
    assert len(renders) == 2


def test_a_persona_renamed_in_the_library_shows_at_once(owner, journey_map, persona):
    _link, token = make_link(owner, journey_map)
    assert "Nell" in changes_of(token).content.decode()
    persona.name = "Nelly Martin"
    persona.save()
    assert "Nelly Martin" in changes_of(token).content.decode()


def test_the_link_is_checked_before_the_cache_is_read(owner, journey_map):
    link, token = make_link(owner, journey_map)
    _locked, locked_token = make_link(owner, journey_map, password="baguette")
    assert "Pas de pain" in changes_of(token).content.decode()  # the render is cached now
    for response in (
        changes_of(locked_token),
        Client().get(reverse("share-map", args=[locked_token])),
    ):
        assert "Pas de pain" not in response.content.decode()
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    html = changes_of(token).content.decode()
    assert "révoqué" in html
    assert "Pas de pain" not in html


def test_the_pdf_form_and_its_token_are_each_viewers(owner, journey_map):
    link, token = make_link(owner, journey_map)
    link.allow_pdf = True
    link.save(update_fields=["allow_pdf"])
    _plain, plain_token = make_link(owner, journey_map)
    first, second = Client(), Client()
    first_html = first.get(reverse("share-map", args=[token])).content.decode()
    second_html = second.get(reverse("share-map", args=[token])).content.decode()
    assert "Télécharger le PDF" in first_html
    csrf = 'name="csrfmiddlewaretoken" value="'
    assert first_html.split(csrf)[1][:64] != second_html.split(csrf)[1][:64]
    assert "Télécharger le PDF" not in changes_of(plain_token).content.decode()


def test_a_hit_reads_only_the_link_and_the_stamp(
    owner, workspace, journey_map, django_assert_num_queries
):
    big = build_map(workspace, stages=6, lanes=4, cards=60, touchpoints_per_stage=2, author=owner)
    misses = []
    for shared in (journey_map, big):
        _link, token = make_link(owner, shared)
        changes_of(token)  # the link's first use notes it (one UPDATE a minute at most)
        shared_render.caches["default"].clear()
        with CaptureQueriesContext(connection) as miss:
            assert changes_of(token).status_code == 200
        misses.append(len(miss))
        # A hit: the link with its map (one query) and the personas' names of the stamp.
        with django_assert_num_queries(2):
            assert changes_of(token).status_code == 200
    # Whatever the map's size, a miss costs the same number of queries, and more.
    assert misses[0] == misses[1] > 2


def held_by_another_viewer(journey_map) -> str:
    """Take the render's place for the map as it is now, as a viewer rendering it does."""
    journey_map = JourneyMap.objects.get(pk=journey_map.pk)
    key = shared_render._key(journey_map)
    stamp = shared_render._stamp(journey_map)
    rendering = shared_render._rendering_key(key, stamp)
    assert shared_render.caches["default"].add(rendering, 1)
    return key


def test_viewers_asking_while_another_renders_wait_for_its_render(
    owner, journey_map, renders, monkeypatch
):
    _link, token = make_link(owner, journey_map)
    key = held_by_another_viewer(journey_map)
    waits = []

    def the_other_render_lands(seconds):
        # The other viewer's render ends while this one waits.
        waits.append(seconds)
        if len(waits) == 2:
            fresh = JourneyMap.objects.get(pk=journey_map.pk)
            rendered = shared_render._render(fresh)
            entry = (shared_render._stamp(fresh), rendered)
            shared_render.caches["default"].set(key, entry)

    monkeypatch.setattr(shared_render.time, "sleep", the_other_render_lands)
    assert "Pas de pain ce soir !" in changes_of(token).content.decode()
    assert len(waits) == 2
    assert len(renders) == 1  # the other viewer's, not this one's


def test_a_viewer_stops_waiting_for_a_render_that_never_lands(owner, journey_map, monkeypatch):
    _link, token = make_link(owner, journey_map)
    held_by_another_viewer(journey_map)  # and that viewer's process died
    monkeypatch.setattr(shared_render, "RENDER_WAIT", 0.1)
    assert "Pas de pain ce soir !" in changes_of(token).content.decode()


def test_the_fingerprint_follows_the_files_that_shape_the_render(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>{{ title }}</p>")
    settings.BASE_DIR = tmp_path
    shared_render.release.cache_clear()
    try:
        before = shared_render.release()
        shared_render.release.cache_clear()
        assert shared_render.release() == before  # same files: same key in every process
        template.write_text("<p class=title>{{ title }}</p>")
        shared_render.release.cache_clear()
        assert shared_render.release() != before
    finally:
        shared_render.release.cache_clear()


def test_a_new_release_renders_again(owner, journey_map, renders, monkeypatch):
    """HTML kept in Redis by the release before is never served by the next one."""
    _link, token = make_link(owner, journey_map)
    monkeypatch.setattr(shared_render, "release", lambda: "before")
    assert changes_of(token).status_code == 200
    assert changes_of(token).status_code == 200
    assert len(renders) == 1
    monkeypatch.setattr(shared_render, "release", lambda: "after")
    assert changes_of(token).status_code == 200
    assert len(renders) == 2
