"""The snapshot pages: list, snapshot, diff, restore, delete; who reaches what."""

import re

import pytest
from django.urls import reverse

from maps import snapshots
from maps.models import JourneyMap, Snapshot, SnapshotReason
from maps.sample import build_map
from maps.services import item_update
from tests.conftest import client_for


@pytest.fixture
def snapshot(journey_map, owner):
    return snapshots.take(journey_map, name="Avant <b>refonte</b>", user=owner)


def reword(journey_map, owner, text):
    card = journey_map.cards.get()
    item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={"stage": card.stage_id, "lane": card.lane_id, "text": text, "version": card.version},
    )


def test_the_list_shows_snapshots_and_the_form_to_facilitators(owner_client, journey_map, snapshot):
    page = owner_client.get(reverse("maps:snapshots", args=[journey_map.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Avant &lt;b&gt;refonte&lt;/b&gt;" in html
    assert "<b>refonte" not in html
    assert 'name="name"' in html
    assert reverse("maps:snapshot-restore", args=[journey_map.pk, snapshot.pk]) in html


def test_marketers_read_snapshots_but_get_no_form_nor_restore(
    marketer_client, journey_map, snapshot
):
    html = marketer_client.get(reverse("maps:snapshots", args=[journey_map.pk])).content.decode()
    assert "Avant &lt;b&gt;refonte" in html
    assert 'name="name"' not in html
    assert "/restore/" not in html and "/delete/" not in html
    url = reverse("maps:snapshots", args=[journey_map.pk])
    assert marketer_client.post(url, {"name": "Moi"}).status_code == 403
    restore_url = reverse("maps:snapshot-restore", args=[journey_map.pk, snapshot.pk])
    assert marketer_client.post(restore_url).status_code == 403
    assert marketer_client.post(restore_url, {"as": "new"}).status_code == 403
    assert Snapshot.objects.count() == 1


def test_the_empty_list_says_how_snapshots_come(owner_client, journey_map):
    html = owner_client.get(reverse("maps:snapshots", args=[journey_map.pk])).content.decode()
    assert "No snapshot yet" in html or "Aucun instantané" in html


def test_taking_a_snapshot_by_hand(owner_client, journey_map):
    url = reverse("maps:snapshots", args=[journey_map.pk])
    response = owner_client.post(url, {"name": "Avant la revue"})
    assert response.status_code == 302
    assert Snapshot.objects.get().name == "Avant la revue"
    refused = owner_client.post(url, {"name": "x" * 121})
    assert refused.status_code == 422
    assert Snapshot.objects.count() == 1


def test_the_snapshot_page_shows_the_map_as_it_was_read_only(
    owner_client, journey_map, owner, snapshot
):
    reword(journey_map, owner, "Du pain frais enfin")
    page = owner_client.get(reverse("maps:snapshot", args=[journey_map.pk, snapshot.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Pas de pain ce soir !" in html
    assert "Du pain frais enfin" not in html
    assert "Descend du bus" in html  # the touchpoint
    assert 'class="curve-plot"' in html
    assert 'id="action-plan"' in html
    main = html.split("<main", 1)[1]
    assert "<form" not in main
    assert "hx-get" not in main and "hx-post" not in main
    assert "edit-control" not in main


def test_a_snapshot_of_another_map_is_a_404(owner_client, journey_map, workspace, owner):
    other = build_map(workspace, stages=1, lanes=1, cards=1)
    theirs = snapshots.take(other, name="Autre")
    for name in ("maps:snapshot", "maps:snapshot-restore", "maps:snapshot-delete"):
        url = reverse(name, args=[journey_map.pk, theirs.pk])
        assert owner_client.get(url).status_code == 404
    diff = reverse("maps:diff", args=[journey_map.pk])
    assert owner_client.get(diff, {"from": theirs.pk, "to": "now"}).status_code == 404


def test_a_guest_of_map_a_reaches_nothing_of_map_b(guest_client, journey_map, workspace):
    other = build_map(workspace, stages=1, lanes=1, cards=1)
    theirs = snapshots.take(other, name="Autre")
    urls = [
        reverse("maps:snapshots", args=[other.pk]),
        reverse("maps:snapshot", args=[other.pk, theirs.pk]),
        reverse("maps:diff", args=[other.pk]) + f"?from={theirs.pk}&to=now",
        reverse("maps:snapshot-restore", args=[other.pk, theirs.pk]),
        reverse("maps:snapshot-delete", args=[other.pk, theirs.pk]),
    ]
    for url in urls:
        assert guest_client.get(url).status_code == 404, url
    for url in (urls[0], urls[3], urls[4]):
        assert guest_client.post(url, {"name": "x", "as": "new"}).status_code == 404, url
    assert Snapshot.objects.count() == 1


def test_the_diff_page_shows_words_changed_and_both_curves(
    owner_client, journey_map, owner, snapshot
):
    reword(journey_map, owner, "Pas de pain frais ce soir !")
    page = owner_client.get(
        reverse("maps:diff", args=[journey_map.pk]), {"from": snapshot.pk, "to": "now"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Pas de pain <ins>frais </ins>ce soir !" in html
    assert 'class="curve-earlier"' in html
    assert 'class="legend-earlier"' in html
    counts = re.findall(r"<strong>(\d+)</strong>", html)
    assert counts[:4] == ["0", "0", "0", "1"]


def test_the_diff_page_words_evidence_and_figures(owner_client, journey_map, owner, snapshot):
    card = journey_map.cards.get()
    item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "stage": card.stage_id,
            "lane": card.lane_id,
            "text": card.text,
            "value": "48",
            "unit": "percent",
            "evidence": "measured",
            "version": card.version,
        },
    )
    html = owner_client.get(
        reverse("maps:diff", args=[journey_map.pk]), {"from": snapshot.pk, "to": "now"}
    ).content.decode()
    assert "<dt>niveau de preuve</dt>" in html
    assert "<del>Hypothèse</del> → <ins>Mesuré</ins>" in html
    assert "<dt>valeur</dt>" in html
    assert "<del>—</del> → <ins>48\xa0%</ins>" in html


def test_the_diff_of_a_snapshot_with_itself_says_nothing_changed(
    owner_client, journey_map, snapshot
):
    html = owner_client.get(
        reverse("maps:diff", args=[journey_map.pk]), {"from": snapshot.pk, "to": snapshot.pk}
    ).content.decode()
    assert 'class="empty-state"' in html


def test_the_diff_without_a_snapshot_leads_to_the_list(owner_client, journey_map):
    response = owner_client.get(reverse("maps:diff", args=[journey_map.pk]))
    assert response.status_code == 302
    bad = owner_client.get(reverse("maps:diff", args=[journey_map.pk]), {"from": "x"})
    assert bad.status_code == 404


def test_restoring_asks_first_then_restores_in_place(owner_client, journey_map, owner, snapshot):
    reword(journey_map, owner, "Autre chose")
    url = reverse("maps:snapshot-restore", args=[journey_map.pk, snapshot.pk])
    page = owner_client.get(url).content.decode()
    assert "<strong>1</strong>" in page
    assert JourneyMap.objects.get(pk=journey_map.pk).cards.get().text == "Autre chose"

    response = owner_client.post(url, {"as": "in-place"})
    assert response.status_code == 302
    assert journey_map.cards.get().text == "Pas de pain ce soir !"
    assert Snapshot.objects.filter(reason=SnapshotReason.RESTORE).count() == 1


def test_restoring_as_a_new_map_opens_it(owner_client, journey_map, snapshot):
    url = reverse("maps:snapshot-restore", args=[journey_map.pk, snapshot.pk])
    response = owner_client.post(url, {"as": "new"})
    copy = JourneyMap.objects.exclude(pk=journey_map.pk).get()
    assert response["Location"] == copy.get_absolute_url()


def test_writes_are_post_only_and_need_the_csrf_token(owner, journey_map, snapshot):
    client = client_for(owner)
    client.handler.enforce_csrf_checks = True
    urls = [
        reverse("maps:snapshots", args=[journey_map.pk]),
        reverse("maps:snapshot-restore", args=[journey_map.pk, snapshot.pk]),
        reverse("maps:snapshot-delete", args=[journey_map.pk, snapshot.pk]),
    ]
    for url in urls:
        assert client.post(url, {"name": "x", "as": "new"}).status_code == 403
    for name in ("maps:snapshot", "maps:diff"):
        args = [journey_map.pk, snapshot.pk] if name == "maps:snapshot" else [journey_map.pk]
        assert client_for(owner).post(reverse(name, args=args)).status_code == 405
    assert Snapshot.objects.count() == 1
    assert JourneyMap.objects.count() == 1


def test_deleting_a_snapshot_taken_by_hand(owner_client, journey_map, snapshot):
    url = reverse("maps:snapshot-delete", args=[journey_map.pk, snapshot.pk])
    assert "Avant &lt;b&gt;refonte" in owner_client.get(url).content.decode()
    assert owner_client.post(url).status_code == 302
    assert not Snapshot.objects.exists()


def test_an_automatic_snapshot_is_not_deleted(owner_client, journey_map):
    automatic = snapshots.take(journey_map, name="Atelier", reason=SnapshotReason.WORKSHOP)
    url = reverse("maps:snapshot-delete", args=[journey_map.pk, automatic.pk])
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url).status_code == 403
    assert Snapshot.objects.exists()
