from django.urls import reverse

from maps.forms import VOTABLE_LANES
from maps.models import JourneyMap, JourneyType, LaneKind

CREATE = reverse("maps:create")


def test_it_creates_a_map_from_a_template(owner_client, persona):
    response = owner_client.post(
        CREATE,
        {
            "title": "Ludovic se met à la course",
            "targets": "Coureurs débutants",
            "journey_type": JourneyType.objects.get(slug="integration").pk,
            "personas": [persona.pk],
            "framework": "5",
        },
    )
    journey_map = JourneyMap.objects.get(title="Ludovic se met à la course")
    assert response.status_code == 302
    assert response["Location"] == journey_map.get_absolute_url()
    assert journey_map.stages.count() == 5
    assert journey_map.created_by.username == "owner"


def test_the_form_offers_every_framework_and_journey_type(owner_client):
    html = owner_client.get(CREATE).content.decode()
    for value in ["3", "4", "5", "6"]:
        assert f'name="framework" value="{value}"' in html
    for journey_type in JourneyType.objects.all():
        assert journey_type.definition.replace("'", "&#x27;") in html


def test_it_explains_what_is_missing(owner_client):
    response = owner_client.post(CREATE, {"title": "", "framework": "9"})
    assert response.status_code == 422
    form = response.context["form"]
    assert {"title", "journey_type", "framework"} <= set(form.errors)
    assert not JourneyMap.objects.exists()


def test_marketers_cannot_create_maps(marketer_client):
    assert marketer_client.get(CREATE).status_code == 403


def test_users_without_a_workspace_are_told_so(django_user_model, client):
    loner = django_user_model.objects.create_user("loner", password="x")
    client.force_login(loner)
    assert client.get(CREATE).status_code == 403


def test_a_map_from_a_template_starts_with_strong_points_beside_pain_points(owner_client):
    owner_client.post(
        CREATE,
        {
            "title": "Nell achète une baguette",
            "journey_type": JourneyType.objects.get(slug="integration").pk,
            "framework": "3",
        },
    )
    journey_map = JourneyMap.objects.get(title="Nell achète une baguette")
    lanes = list(journey_map.lanes.order_by("position").values_list("kind", "title"))
    assert lanes == [
        (LaneKind.THOUGHTS, "Pensées et verbatims"),
        (LaneKind.PAIN_POINTS, "Irritants"),
        (LaneKind.STRENGTHS, "Points forts"),
        (LaneKind.OPPORTUNITIES, "Opportunités"),
    ]
    # Strong points are not put to the dot vote: the vote picks what to fix.
    assert LaneKind.STRENGTHS not in VOTABLE_LANES


def test_an_empty_map_starts_without_lanes(owner_client):
    owner_client.post(
        CREATE,
        {
            "title": "Carte vierge",
            "journey_type": JourneyType.objects.get(slug="integration").pk,
            "framework": "",
        },
    )
    assert not JourneyMap.objects.get(title="Carte vierge").lanes.exists()
