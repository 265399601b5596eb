from django.urls import reverse


def test_the_interface_speaks_french_by_default(owner_client):
    # Even to a browser that asks for English: the switch decides.
    html = owner_client.get(reverse("maps:list"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="fr">' in html
    assert "Cartes" in html


def test_the_language_switch_turns_it_to_english(owner_client):
    response = owner_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("maps:list")}
    )
    assert response.status_code == 302
    html = owner_client.get(reverse("maps:list")).content.decode()
    assert '<html lang="en">' in html
    assert "Journey maps" in html


def test_templates_stage_names_follow_the_language(owner_client):
    from maps.models import JourneyMap, JourneyType

    owner_client.post(
        reverse("maps:create"),
        {
            "title": "Test",
            "journey_type": JourneyType.objects.first().pk,
            "framework": "5",
        },
    )
    names = list(JourneyMap.objects.get(title="Test").stages.values_list("name", flat=True))
    assert names == ["Connaissance", "Considération", "Achat", "Fidélisation", "Recommandation"]
