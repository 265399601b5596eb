from django.urls import reverse

from maps.models import JourneyMap, JourneyType
from personas.models import Persona
from workspaces.models import Membership, Role, Workspace


def test_a_member_of_one_workspace_sees_no_switcher(owner_client):
    assert "workspace-switch" not in owner_client.get(reverse("maps:list")).content.decode()


def test_the_switcher_changes_what_the_lists_show_and_where_things_go(
    owner, owner_client, journey_map, persona
):
    second = Workspace.objects.create(name="Atelier vélo")
    Membership.objects.create(workspace=second, user=owner, role=Role.FACILITATOR)
    other_map = JourneyMap.objects.create(
        workspace=second, title="Carte vélo", journey_type=JourneyType.objects.first()
    )
    page = owner_client.get(reverse("maps:list")).content.decode()
    assert "workspace-switch" in page and journey_map.title in page
    assert other_map.title not in page

    response = owner_client.post(
        reverse("workspaces:switch"), {"workspace": second.pk, "next": "/personas/"}
    )
    assert response["Location"] == reverse("personas:list")
    page = owner_client.get(reverse("maps:list")).content.decode()
    assert other_map.title in page and journey_map.title not in page
    assert persona.name not in owner_client.get(reverse("personas:list")).content.decode()
    owner_client.post(reverse("personas:create"), {"name": "Vélo", "segment": "b2c"})
    assert Persona.objects.get(name="Vélo").workspace == second


def test_nobody_switches_to_a_workspace_they_are_not_in(owner_client, other_workspace):
    response = owner_client.post(reverse("workspaces:switch"), {"workspace": other_workspace.pk})
    assert response.status_code == 404


def test_a_choice_that_lost_its_membership_falls_back_to_the_first_workspace(
    owner, owner_client, workspace, journey_map
):
    second = Workspace.objects.create(name="Atelier vélo")
    membership = Membership.objects.create(workspace=second, user=owner, role=Role.FACILITATOR)
    owner_client.post(reverse("workspaces:switch"), {"workspace": second.pk})
    membership.delete()
    assert journey_map.title in owner_client.get(reverse("maps:list")).content.decode()
