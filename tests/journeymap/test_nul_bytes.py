"""A NUL byte in a URL is a clear 400, never a 500 (PostgreSQL refuses NUL in text).

The same four requests run on PostgreSQL in ``tests/services/test_nul_bytes.py``.
"""

import pytest
from django.urls import reverse
from django.utils import translation

NUL_URLS = ["/maps/?q=%00", "/maps/?type=%00", "/personas/?q=%00", "/w/%00/"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_the_url_is_a_bad_request_with_a_clear_page(owner_client, url):
    response = owner_client.get(url)
    assert response.status_code == 400
    assert "characters that no page of Parcours accepts" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/maps/?persona=1%00", "/maps/?%00=x", "/maps/?q=a+%00+b", "/personas/%00/"]
)
def test_a_nul_byte_anywhere_in_the_path_or_the_query_is_refused(owner_client, url):
    assert owner_client.get(url).status_code == 400


def test_it_is_refused_before_login_too(client, db):
    assert client.get("/w/%00/").status_code == 400


def test_ordinary_searches_still_work(owner_client, journey_map):
    response = owner_client.get(reverse("maps:list"), {"q": "baguette", "type": "integration"})
    assert response.status_code == 200
    assert journey_map.title in response.content.decode()
