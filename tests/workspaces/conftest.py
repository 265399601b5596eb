import pytest
from django.utils import translation

from tests.conftest import client_for, make_user
from workspaces.models import Role


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English source text."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin(workspace):
    return make_user("admin", workspace, Role.ADMIN)


@pytest.fixture
def admin_client(admin):
    return client_for(admin)
