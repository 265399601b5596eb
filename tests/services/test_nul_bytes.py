"""On PostgreSQL, which refuses NUL in text, a NUL byte in a URL is a 400, not a 500."""

import pytest

from tests.journeymap.test_nul_bytes import NUL_URLS


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_the_url_is_a_bad_request_on_postgresql(owner_client, journey_map, url):
    assert owner_client.get(url).status_code == 400


def test_without_the_guard_postgresql_itself_refuses_the_nul_byte(owner, journey_map):
    # Why the guard exists: the same search straight to the database is an error.
    from django.db import DataError, transaction

    from maps.models import JourneyMap

    with pytest.raises((DataError, ValueError)), transaction.atomic():
        list(JourneyMap.objects.filter(title__icontains="\x00"))
