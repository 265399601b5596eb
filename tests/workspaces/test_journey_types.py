from django.conf import settings
from django.urls import reverse

from maps.models import JourneyType


def test_an_admin_adds_a_journey_type_for_their_workspace_only(
    admin_client, workspace, owner_client, outsider_client
):
    url = reverse("workspaces:journey-types", args=[workspace.pk])
    response = admin_client.post(
        url, {"name": "Résiliation", "definition": "Quand le client part."}
    )
    assert response.status_code == 302
    added = JourneyType.objects.get(name="Résiliation")
    assert added.workspace == workspace
    assert "Résiliation" in owner_client.get(reverse("maps:create")).content.decode()
    assert "Résiliation" not in outsider_client.get(reverse("maps:create")).content.decode()
    assert "Résiliation" not in outsider_client.get(reverse("maps:list")).content.decode()


def test_the_built_in_types_are_listed_and_a_blank_name_is_refused(admin_client, workspace):
    url = reverse("workspaces:journey-types", args=[workspace.pk])
    page = admin_client.get(url).content.decode()
    assert "<strong>Onboarding</strong>" in page
    response = admin_client.post(url, {"name": "", "definition": "x"})
    assert response.status_code == 422
    assert JourneyType.objects.filter(workspace=workspace).count() == 0


def test_two_types_with_the_same_name_get_their_own_codes(admin_client, workspace):
    url = reverse("workspaces:journey-types", args=[workspace.pk])
    for _ in range(2):
        admin_client.post(url, {"name": "Parrainage", "definition": "Recommander."})
    slugs = set(JourneyType.objects.filter(name="Parrainage").values_list("slug", flat=True))
    assert len(slugs) == 2


def test_the_built_in_types_read_in_english_a_workspaces_own_as_typed(admin_client, workspace):
    JourneyType.objects.create(
        slug="resiliation", name="Résiliation", definition="Quand il part.", workspace=workspace
    )
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("workspaces:journey-types", args=[workspace.pk])
    html = admin_client.get(url).content.decode()
    assert "<strong>Support</strong>" in html
    assert "After-sales service, or a question about the product." in html
    assert "Entretien" not in html
    assert "<strong>Résiliation</strong>" in html
