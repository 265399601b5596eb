import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas.models import Persona, Segment
from personas.views import PAGE_SIZE
from tests.conftest import HTMX

URL = reverse("personas:list")


def test_it_shows_the_personas_of_the_users_workspace_as_cards(owner_client, persona):
    persona.needs = "- Du pain frais\n• Pas de file\n* De la monnaie\nUn sac"
    persona.save()

    response = owner_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="persona-card"' in html
    assert "Nell" in html
    assert "34 years old" in html
    assert "Le pain, c&#x27;est sacré." in html
    assert persona.get_absolute_url() in html
    # The first three needs, without the bullets people type.
    assert "<li>Du pain frais</li>" in html
    assert "<li>De la monnaie</li>" in html
    assert "Un sac" not in html


def test_it_shows_the_segment_badge(owner_client, persona, b2b_persona):
    html = owner_client.get(URL).content.decode()

    assert '<span class="persona-badge persona-badge-b2c">B2C</span>' in html
    assert '<span class="persona-badge persona-badge-b2b">B2B</span>' in html


def test_it_hides_personas_of_other_workspaces(owner_client, persona, foreign_persona):
    html = owner_client.get(URL).content.decode()

    assert "Nell" in html
    assert "Zoé" not in html
    assert "Secret du concurrent" not in html


def test_it_shows_the_outsider_only_their_own_personas(outsider_client, persona, foreign_persona):
    html = outsider_client.get(URL).content.decode()

    assert "Zoé" in html
    assert "Nell" not in html


def test_it_lets_a_marketer_read_the_library_without_a_create_button(marketer_client, persona):
    response = marketer_client.get(URL)

    assert response.status_code == 200
    assert "Nell" in response.content.decode()
    assert reverse("personas:create") not in response.content.decode()


def test_it_offers_a_create_button_to_facilitators(owner_client, persona):
    assert reverse("personas:create") in owner_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Nell"),
        ("quote", "sacré"),
        ("needs", "baguette croustillante"),
        ("goals", "dîner léger"),
        ("frictions", "file d'attente"),
        ("expectations", "conseil"),
        ("hobbies", "vélo"),
        ("consumption_habits", "marché du samedi"),
        ("professional_situation", "infirmière"),
        ("family_situation", "deux enfants"),
        ("motivations", "manger sainement"),
        ("reluctances", "peur du gaspillage"),
    ],
)
def test_it_searches_every_text_of_the_persona(owner_client, workspace, field, value):
    Persona.objects.create(
        workspace=workspace,
        **{"name": "Nell", field: value} if field != "name" else {"name": value},
    )
    Persona.objects.create(workspace=workspace, name="Autre")

    html = owner_client.get(URL, {"q": value[1:7]}).content.decode()

    assert ">Nell</a>" in html
    assert ">Autre</a>" not in html
    assert "1 persona" in html


def test_it_searches_regardless_of_case(owner_client, persona):
    # SQLite folds the case of ASCII letters only; PostgreSQL folds them all.
    html = owner_client.get(URL, {"q": "LE PAIN"}).content.decode()

    assert ">Nell</a>" in html


def test_it_filters_by_segment(owner_client, persona, b2b_persona):
    html = owner_client.get(URL, {"segment": Segment.B2B}).content.decode()

    assert ">Agnès</a>" in html
    assert ">Nell</a>" not in html
    assert re.search(r'value="b2b"\s+checked', html)


def test_it_ignores_an_unknown_segment(owner_client, persona, b2b_persona):
    html = owner_client.get(URL, {"segment": "martian"}).content.decode()

    assert ">Agnès</a>" in html
    assert ">Nell</a>" in html


def test_it_combines_search_and_segment(owner_client, persona, b2b_persona):
    html = owner_client.get(URL, {"q": "devis", "segment": Segment.B2C}).content.decode()

    assert "No persona matches this search." in html
    assert reverse("personas:list") + '"' in html


def test_it_renders_only_the_results_and_the_count_for_htmx(owner_client, persona):
    response = owner_client.get(URL, {"q": "nell"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="persona-results"')
    assert ">Nell</a>" in html
    assert 'id="persona-count"' in html
    assert 'hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_for_an_htmx_history_restore(owner_client, persona):
    response = owner_client.get(URL, **HTMX, headers={"HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


def test_it_works_as_a_plain_get_form(owner_client, persona):
    html = owner_client.get(URL).content.decode()

    assert 'method="get"' in html
    assert 'name="q"' in html
    assert 'name="segment"' in html
    assert 'role="search"' in html


def test_it_shows_an_empty_state_with_a_call_to_action(owner_client):
    html = owner_client.get(URL).content.decode()

    assert "No persona yet." in html
    assert "Create the first persona" in html
    assert 'name="q"' not in html


def test_it_tells_a_marketer_who_creates_personas_in_the_empty_state(marketer_client):
    html = marketer_client.get(URL).content.decode()

    assert "No persona yet." in html
    assert "Create the first persona" not in html
    assert "Ask a facilitator" in html


def test_it_escapes_html_in_cards(owner_client, workspace):
    Persona.objects.create(
        workspace=workspace,
        name="<script>alert('n')</script>",
        quote="<b>gras</b>",
        needs="<img src=x onerror=alert(1)>",
    )

    html = owner_client.get(URL).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;n&#x27;)&lt;/script&gt;" in html
    assert "<b>gras</b>" not in html
    assert "<img src=x" not in html


def test_it_paginates_a_large_library(owner_client, workspace):
    Persona.objects.bulk_create(
        Persona(workspace=workspace, name=f"Persona {i:03}") for i in range(PAGE_SIZE + 1)
    )

    first = owner_client.get(URL, {"segment": Segment.B2C}).content.decode()
    second = owner_client.get(URL, {"segment": Segment.B2C, "page": 2}).content.decode()

    assert f"{PAGE_SIZE + 1} personas" in first
    assert "segment=b2c&amp;page=2" in first
    assert f"Persona {PAGE_SIZE:03}" not in first
    assert f"Persona {PAGE_SIZE:03}" in second


def test_it_needs_as_many_queries_for_twenty_personas_as_for_one(owner_client, workspace):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            owner_client.get(URL)
        return len(captured)

    Persona.objects.create(workspace=workspace, name="P")
    one = queries()
    Persona.objects.bulk_create(Persona(workspace=workspace, name=f"P{i}") for i in range(19))

    assert queries() == one


def test_it_redirects_anonymous_visitors_to_the_login(client, persona):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_only_answers_get(owner_client):
    assert owner_client.post(URL).status_code == 405
