from django.contrib.auth.models import AnonymousUser

from workspaces import access


def test_members_see_their_workspace_maps_only(owner, outsider, journey_map):
    assert list(access.visible_maps(owner)) == [journey_map]
    assert list(access.visible_maps(outsider)) == []
    assert list(access.visible_maps(AnonymousUser())) == []


def test_facilitators_edit_marketers_read(owner, marketer, outsider, journey_map):
    assert access.can_edit_map(owner, journey_map)
    assert access.can_view_map(marketer, journey_map)
    assert not access.can_edit_map(marketer, journey_map)
    assert not access.can_view_map(outsider, journey_map)


def test_a_locked_map_is_read_only_for_everyone(owner, journey_map):
    journey_map.locked = True
    assert access.can_view_map(owner, journey_map)
    assert not access.can_edit_map(owner, journey_map)


def test_roles_are_read_once_per_user(owner, journey_map, django_assert_num_queries):
    with django_assert_num_queries(1):
        for _ in range(5):
            access.can_edit_map(owner, journey_map)
