"""The map's PDF through a share link: only when the link allows it, checked on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maps import services, share_links, share_pdf
from maps.export import bounded, cache, jobs
from maps.models import JourneyType, ShareLink


def make_link(owner, journey_map, password: str = "", allow_pdf: bool = True):
    return share_links.link_create(
        user=owner,
        journey_map=journey_map,
        label="Comité",
        password=password,
        expires_on=None,
        allow_pdf=allow_pdf,
    )


def pdf_url(token: str) -> str:
    return reverse("share-pdf", args=[token])


def prepare(visitor: Client, token: str):
    """Click "Download the PDF", wait for the render, and download it."""
    started = visitor.post(pdf_url(token))
    assert started.status_code == 302
    export = share_pdf.current(ShareLink.objects.get(token_hash=share_links.hash_token(token)))
    if export is not None:
        jobs.wait(export.id, timeout=60)
    return visitor.get(pdf_url(token))


def test_an_allowing_link_gives_the_maps_pdf(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    visitor = Client()
    page = visitor.get(reverse("share-map", args=[token])).content.decode()
    assert "Télécharger le PDF" in page
    assert pdf_url(token) in page
    response = prepare(visitor, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_prints_only_what_the_shared_page_shows(owner, journey_map):
    assert share_pdf.OPTIONS.sections == ("grid", "curve", "pain_points", "actions")
    assert share_pdf.OPTIONS.since is None  # no history
    assert share_pdf.OPTIONS.paper == "A3" and not share_pdf.OPTIONS.tiled


def test_the_page_says_when_the_pdf_is_being_prepared(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    visitor = Client()
    assert "Préparer le PDF" in visitor.get(pdf_url(token)).content.decode()
    visitor.post(pdf_url(token))
    link = ShareLink.objects.get()
    export = share_pdf.current(link)
    page = visitor.get(pdf_url(token), headers={"HX-Request": "true"}).content.decode()
    assert "Préparation du PDF" in page or "Le PDF est prêt." in page
    jobs.wait(export.id, timeout=60)
    ready = visitor.get(pdf_url(token), headers={"HX-Request": "true"}).content.decode()
    assert "Le PDF est prêt." in ready
    assert f'href="{pdf_url(token)}"' in ready


def test_a_link_without_the_pdf_is_refused_on_the_server(owner, journey_map):
    _link, token = make_link(owner, journey_map, allow_pdf=False)
    visitor = Client()
    assert (
        "Télécharger le PDF" not in visitor.get(reverse("share-map", args=[token])).content.decode()
    )
    assert visitor.get(pdf_url(token)).status_code == 404
    assert visitor.post(pdf_url(token)).status_code == 404
    assert share_pdf.current(ShareLink.objects.get()) is None  # nothing rendered


def test_even_a_cached_pdf_is_refused_to_a_link_without_it(owner, journey_map):
    _link, token = make_link(owner, journey_map, allow_pdf=False)
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-x", 1), 60)
    assert Client().get(pdf_url(token)).status_code == 404


def test_a_revoked_or_expired_link_gives_no_pdf(owner, journey_map):
    revoked, revoked_token = make_link(owner, journey_map)
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=revoked.pk)
    expired, expired_token = make_link(owner, journey_map)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-x", 1), 60)
    for token in (revoked_token, expired_token):
        assert Client().get(pdf_url(token)).status_code == 410
        assert Client().post(pdf_url(token)).status_code == 410
    assert Client().get(pdf_url("nope")).status_code == 404


def test_a_password_link_gives_the_pdf_once_unlocked_only(owner, journey_map):
    _link, token = make_link(owner, journey_map, password="baguette")
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-x", 1), 60)
    stranger = Client()
    assert stranger.get(pdf_url(token)).status_code == 403
    assert stranger.post(pdf_url(token)).status_code == 403
    visitor = Client()
    visitor.post(reverse("share-map", args=[token]), {"password": "baguette"})
    assert visitor.get(pdf_url(token)).content == b"%PDF-x"


def test_a_pdf_allowed_then_forbidden_is_refused_at_once(owner, journey_map):
    link, token = make_link(owner, journey_map)
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-x", 1), 60)
    assert Client().get(pdf_url(token)).status_code == 200
    share_links.link_update(
        user=owner,
        journey_map=journey_map,
        link_id=link.pk,
        label="Comité",
        expires_on=None,
        allow_pdf=False,
        password=None,
    )
    assert Client().get(pdf_url(token)).status_code == 404


def test_a_link_of_map_a_never_gives_map_b(owner, journey_map, workspace):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Autre", "journey_type": JourneyType.objects.first().pk},
    )
    _link, token = make_link(owner, journey_map)
    caches["default"].set(cache.cache_key(other, share_pdf.OPTIONS), (b"%PDF-other", 1), 60)
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-mine", 1), 60)
    assert Client().get(pdf_url(token)).content == b"%PDF-mine"
    # The render it starts is of its own map.
    caches["default"].clear()
    Client().post(pdf_url(token))
    export = share_pdf.current(ShareLink.objects.get())
    assert export.map_id == journey_map.pk
    jobs.wait(export.id, timeout=60)
    # Nor does the map's own export URL open to the link's visitor.
    visitor = Client()
    for map_id in (journey_map.pk, other.pk):
        response = visitor.get(reverse("maps:export-pdf", args=[map_id]))
        assert response.status_code == 302


def test_renders_are_rate_limited_per_link(owner, journey_map, monkeypatch):
    link, token = make_link(owner, journey_map)
    other, other_token = make_link(owner, journey_map)
    started = []

    def pretend_start(journey_map, options, requester):
        started.append(requester.pk)
        return jobs.Export(
            id=f"x{len(started)}",
            user_id=requester.pk,
            map_id=journey_map.pk,
            query=options.query(),
            state=jobs.FAILED,
        )

    monkeypatch.setattr(jobs, "start", pretend_start)
    limit, _window = share_pdf.RENDER_RATE
    for _attempt in range(limit):
        assert Client().post(pdf_url(token)).status_code == 302
    response = Client().post(pdf_url(token))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "préparé de nombreuses fois" in response.content.decode()
    assert len(started) == limit
    # Another link is counted apart.
    assert Client().post(pdf_url(other_token)).status_code == 302
    assert started[0] == f"share-link-{link.pk}"
    assert started[-1] == f"share-link-{other.pk}"


def test_a_cached_pdf_is_not_counted_as_a_render(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    caches["default"].set(cache.cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-x", 1), 60)
    limit, _window = share_pdf.RENDER_RATE
    for _attempt in range(limit + 2):
        assert Client().post(pdf_url(token)).status_code == 302


def test_one_render_at_a_time_per_link(owner, journey_map):
    """A second visitor joins the render running for the link rather than starting one."""
    _link, token = make_link(owner, journey_map)
    Client().post(pdf_url(token))
    first = share_pdf.current(ShareLink.objects.get())
    Client().post(pdf_url(token))
    second = share_pdf.current(ShareLink.objects.get())
    assert first.state == jobs.RUNNING  # a render takes about a second
    assert second.id == first.id
    jobs.wait(first.id, timeout=60)


def test_two_visitors_at_the_same_instant_both_wait_for_the_pdf(owner, journey_map, monkeypatch):
    """The second's start finds the link's render place taken by the first, which has not
    yet noted its render: the visitor reads that the PDF is coming, not the export page's
    "your other export" meant for a person exporting."""
    link, token = make_link(owner, journey_map)
    # The first visitor's start, caught between taking the place and noting its render.
    caches["default"].add(bounded.user_key(share_pdf.LinkRequester(link)), 1)
    response = Client().post(pdf_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce PDF est en cours de préparation, la page se met à jour d’elle-même." in html
    assert "Votre autre export" not in html
    assert f'hx-get="{pdf_url(token)}"' in html  # it asks again until the PDF is there
    assert "Préparer le PDF" not in html
    assert share_pdf.current(link) is None  # no second render
    # Its page asks again: still coming while the first visitor's start is under way...
    poll = Client().get(pdf_url(token), headers={"HX-Request": "true"}).content.decode()
    assert "Ce PDF est en cours de préparation" in poll
    assert "Préparer le PDF" not in poll
    # ...and the button again should that start end without a render.
    caches["default"].delete(bounded.user_key(share_pdf.LinkRequester(link)))
    poll = Client().get(pdf_url(token), headers={"HX-Request": "true"}).content.decode()
    assert "Ce PDF est en cours de préparation" not in poll
    assert "Préparer le PDF" in poll


def test_a_busy_renderer_says_so(owner, journey_map, monkeypatch):
    _link, token = make_link(owner, journey_map)

    def busy(*args, **kwargs):
        raise bounded.Busy(bounded.busy_message())

    monkeypatch.setattr(jobs, "start", busy)
    response = Client().post(pdf_url(token))
    assert response.status_code == 503
    assert "Un autre export est en préparation" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_pdf_view_is_csrf_safe(owner, journey_map, method):
    _link, token = make_link(owner, journey_map)
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(pdf_url(token))
    assert response.status_code == (403 if method == "post" else 200)


def test_the_open_page_gets_the_button_when_the_link_starts_allowing_the_pdf(owner, journey_map):
    link, token = make_link(owner, journey_map, allow_pdf=False)
    changes = reverse("share-changes", args=[token])
    stamp = {"revision": journey_map.revision, "pdf": "0"}
    assert Client().get(changes, stamp).status_code == 204
    share_links.link_update(
        user=owner,
        journey_map=journey_map,
        link_id=link.pk,
        label="Comité",
        expires_on=None,
        allow_pdf=True,
        password=None,
    )
    response = Client().get(changes, stamp)
    assert response.status_code == 200
    assert "Télécharger le PDF" in response.content.decode()
    assert Client().get(changes, {**stamp, "pdf": "1"}).status_code == 204


def test_the_waiting_page_learns_the_link_stopped_offering_the_pdf(owner, journey_map):
    link, token = make_link(owner, journey_map)
    visitor = Client()
    share_links.link_update(
        user=owner,
        journey_map=journey_map,
        link_id=link.pk,
        label="Comité",
        expires_on=None,
        allow_pdf=False,
        password="baguette",
    )
    polled = visitor.get(pdf_url(token), headers={"HX-Request": "true"})
    assert polled.status_code == 200  # htmx swaps it in
    html = polled.content.decode()
    assert "Ce lien ne propose plus le PDF." in html
    assert "Préparer le PDF" not in html
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    polled = visitor.get(pdf_url(token), headers={"HX-Request": "true"})
    assert "Ce lien ne propose plus le PDF." in polled.content.decode()
    assert visitor.get(pdf_url(token)).status_code == 410
