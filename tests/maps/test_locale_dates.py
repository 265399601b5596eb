"""Dates and times read in the locale's own formats, never a fixed one beside them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from maps.export.pdf import PdfOptions, render_html
from maps.models import Action, Round, RoundKind, Workshop

PARIS = ZoneInfo("Europe/Paris")


def speaking(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture(autouse=True)
def paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


def past_round(journey_map, owner, closed_at: datetime) -> Round:
    voting = Round.objects.create(journey_map=journey_map, kind=RoundKind.EMOTION, opened_by=owner)
    # opened_at is set on creation: put both ends where the test wants them.
    Round.objects.filter(pk=voting.pk).update(
        opened_at=datetime(2026, 11, 25, 23, 2, tzinfo=PARIS), closed_at=closed_at
    )
    return voting


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "11/25/2026 11:02 p.m. to 11:18 p.m."),
        ("fr", "25/11/2026 23:02 à 23:18"),
    ],
)
def test_a_past_round_reads_in_one_format(owner_client, journey_map, owner, language, shown):
    past_round(journey_map, owner, datetime(2026, 11, 25, 23, 18, tzinfo=PARIS))
    html = speaking(owner_client, language).get(reverse("maps:rounds", args=[journey_map.pk]))
    assert shown in " ".join(html.text.split())


def test_a_round_past_midnight_gives_the_end_date_too(owner_client, journey_map, owner):
    past_round(journey_map, owner, datetime(2026, 11, 26, 0, 5, tzinfo=PARIS))
    html = speaking(owner_client, "en").get(reverse("maps:rounds", args=[journey_map.pk]))
    assert "11/25/2026 11:02 p.m. to 11/26/2026 12:05 a.m." in " ".join(html.text.split())


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "11/25/2026 11:02 p.m."), ("fr", "25/11/2026 23:02")]
)
def test_past_workshops_read_in_the_locales_format(
    owner_client, journey_map, owner, language, shown
):
    workshop = Workshop.objects.create(journey_map=journey_map, started_by=owner)
    Workshop.objects.filter(pk=workshop.pk).update(
        started_at=datetime(2026, 11, 25, 23, 2, tzinfo=PARIS),
        ended_at=datetime(2026, 11, 25, 23, 50, tzinfo=PARIS),
    )
    html = speaking(owner_client, language).get(reverse("maps:workshop", args=[journey_map.pk]))
    assert shown in html.text


@pytest.mark.parametrize(("language", "shown"), [("en", "12/01/2026"), ("fr", "01/12/2026")])
def test_due_dates_read_in_the_locales_format(owner_client, journey_map, language, shown):
    Action.objects.create(journey_map=journey_map, title="Rouvrir", due_date=date(2026, 12, 1))
    page = speaking(owner_client, language).get(reverse("maps:actions", args=[journey_map.pk]))
    assert shown in page.text


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "Nov. 25, 2026"), ("fr", "25 novembre 2026")]
)
def test_the_pdf_dates_the_map_in_the_locales_format(journey_map, language, shown):
    journey_map.updated_at = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)
    with translation.override(language):
        html = render_html(journey_map, PdfOptions(paper="A4", layout="fit"))
    assert shown in html
