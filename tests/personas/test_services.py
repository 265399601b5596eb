import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict

from maps.models import JourneyMap
from personas import services
from personas.models import Persona, Segment


def test_it_creates_a_persona_in_the_workspace(owner, workspace, persona_data):
    persona = services.persona_create(user=owner, workspace=workspace, data=persona_data)

    assert persona.workspace == workspace
    assert persona.version == 1
    for name, value in persona_data.items():
        assert str(getattr(persona, name)) == value


def test_it_refuses_to_create_for_a_marketer(marketer, workspace, persona_data):
    with pytest.raises(PermissionDenied):
        services.persona_create(user=marketer, workspace=workspace, data=persona_data)

    assert not Persona.objects.exists()


def test_it_refuses_to_create_in_another_workspace(outsider, workspace, persona_data):
    with pytest.raises(PermissionDenied):
        services.persona_create(user=outsider, workspace=workspace, data=persona_data)


def test_it_refuses_to_create_without_a_workspace(owner, persona_data):
    with pytest.raises(PermissionDenied):
        services.persona_create(user=owner, workspace=None, data=persona_data)


def test_it_refuses_an_invalid_persona_with_its_form(owner, workspace, persona_data):
    persona_data["name"] = ""

    with pytest.raises(services.Invalid) as refused:
        services.persona_create(user=owner, workspace=workspace, data=persona_data)

    assert "name" in refused.value.form.errors
    assert not Persona.objects.exists()


def test_it_updates_a_persona_and_bumps_its_version(owner, persona, edit_data):
    updated = services.persona_update(
        user=owner, persona_id=persona.pk, data=edit_data(persona, needs="Du pain frais")
    )

    persona.refresh_from_db()
    assert updated.pk == persona.pk
    assert persona.needs == "Du pain frais"
    assert persona.version == 2


def test_it_keeps_the_workspace_whatever_is_posted(owner, persona, other_workspace, edit_data):
    data = edit_data(persona, workspace=other_workspace.pk)

    services.persona_update(user=owner, persona_id=persona.pk, data=data)

    persona.refresh_from_db()
    assert persona.workspace_id != other_workspace.pk


def test_it_raises_a_conflict_on_a_stale_version(owner, collaborator, persona, edit_data):
    loaded = edit_data(persona)
    services.persona_update(
        user=collaborator, persona_id=persona.pk, data=edit_data(persona, goals="Leur version")
    )

    with pytest.raises(services.Conflict) as conflict:
        services.persona_update(
            user=owner, persona_id=persona.pk, data={**loaded, "goals": "Ma version"}
        )

    refused = conflict.value
    assert refused.current.goals == "Leur version"
    assert refused.current.version == 2
    assert refused.form["goals"].value() == "Ma version"
    assert refused.form["version"].value() == "2"
    assert refused.differences == [
        services.Difference("goals", "Goals", "Leur version", "Ma version")
    ]
    persona.refresh_from_db()
    assert persona.goals == "Leur version"


def test_it_keeps_the_current_values_intact_when_the_draft_is_validated(
    owner, collaborator, persona, edit_data
):
    loaded = edit_data(persona)
    services.persona_update(
        user=collaborator, persona_id=persona.pk, data=edit_data(persona, name="Nelly")
    )

    with pytest.raises(services.Conflict) as conflict:
        services.persona_update(user=owner, persona_id=persona.pk, data={**loaded, "name": "N."})

    refused = conflict.value
    assert refused.form.is_valid()
    assert refused.current.name == "Nelly"


def test_it_overwrites_when_the_re_armed_draft_is_saved(owner, collaborator, persona, edit_data):
    loaded = edit_data(persona, goals="Ma version")
    services.persona_update(
        user=collaborator, persona_id=persona.pk, data=edit_data(persona, goals="Leur version")
    )
    with pytest.raises(services.Conflict) as conflict:
        services.persona_update(user=owner, persona_id=persona.pk, data=loaded)

    services.persona_update(user=owner, persona_id=persona.pk, data=conflict.value.form.data)

    persona.refresh_from_db()
    assert persona.goals == "Ma version"
    assert persona.version == 3


def test_it_treats_a_missing_version_as_a_conflict(owner, persona, edit_data):
    data = edit_data(persona, name="Sans version")
    del data["version"]

    with pytest.raises(services.Conflict):
        services.persona_update(user=owner, persona_id=persona.pk, data=data)


def test_it_accepts_a_query_dict(owner, persona, edit_data):
    data = QueryDict(mutable=True)
    data.update(edit_data(persona, segment=Segment.B2B))

    services.persona_update(user=owner, persona_id=persona.pk, data=data)

    persona.refresh_from_db()
    assert persona.segment == Segment.B2B


def test_it_shows_choices_by_their_label_in_differences(owner, collaborator, persona, edit_data):
    loaded = edit_data(persona)
    services.persona_update(
        user=collaborator, persona_id=persona.pk, data=edit_data(persona, segment=Segment.B2B)
    )

    with pytest.raises(services.Conflict) as conflict:
        services.persona_update(user=owner, persona_id=persona.pk, data=loaded)

    (difference,) = conflict.value.differences
    assert difference.name == "segment"
    assert difference.current.startswith("B2B")
    assert difference.draft.startswith("B2C")


def test_it_ignores_line_ending_differences(owner, persona, edit_data):
    persona.needs = "Du pain\nDe la monnaie"
    persona.save()
    loaded = edit_data(persona, needs="Du pain\r\nDe la monnaie", version=0)

    with pytest.raises(services.Conflict) as conflict:
        services.persona_update(user=owner, persona_id=persona.pk, data=loaded)

    assert conflict.value.differences == []


def test_it_refuses_an_invalid_update(owner, persona, edit_data):
    with pytest.raises(services.Invalid) as refused:
        services.persona_update(user=owner, persona_id=persona.pk, data=edit_data(persona, age=121))

    assert "age" in refused.value.form.errors
    persona.refresh_from_db()
    assert persona.age == 34
    assert persona.version == 1


@pytest.mark.parametrize(
    ("user_fixture", "refusal"), [("marketer", PermissionDenied), ("outsider", Http404)]
)
def test_it_refuses_updates_without_the_right(request, user_fixture, refusal, persona, edit_data):
    user = request.getfixturevalue(user_fixture)

    with pytest.raises(refusal):
        services.persona_update(user=user, persona_id=persona.pk, data=edit_data(persona, name="X"))

    persona.refresh_from_db()
    assert persona.name == "Nell"


def test_it_raises_not_found_for_an_unknown_persona(owner, db):
    with pytest.raises(Http404):
        services.persona_update(user=owner, persona_id=999_999, data={})
    with pytest.raises(Http404):
        services.persona_delete(user=owner, persona_id=999_999)


def test_it_deletes_a_persona_and_keeps_its_maps(owner, persona, journey_map):
    services.persona_delete(user=owner, persona_id=persona.pk)

    assert not Persona.objects.filter(pk=persona.pk).exists()
    assert JourneyMap.objects.filter(pk=journey_map.pk).exists()
    assert not journey_map.personas.exists()


@pytest.mark.parametrize(
    ("user_fixture", "refusal"), [("marketer", PermissionDenied), ("outsider", Http404)]
)
def test_it_refuses_deletion_without_the_right(request, user_fixture, refusal, persona):
    user = request.getfixturevalue(user_fixture)

    with pytest.raises(refusal):
        services.persona_delete(user=user, persona_id=persona.pk)

    assert Persona.objects.filter(pk=persona.pk).exists()
