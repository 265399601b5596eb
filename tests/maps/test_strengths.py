"""Strong points on the map page: a lane of their own, styled apart from pain points."""

from maps.models import Card, Lane, LaneKind


def test_strong_points_cards_get_their_own_class_and_stylesheet(owner_client, journey_map):
    lane = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.STRENGTHS, title="Points forts", position=5
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.first(),
        lane=lane,
        text="Le pain est encore chaud",
    )

    html = owner_client.get(journey_map.get_absolute_url()).content.decode()

    assert 'class="card card-strengths"' in html
    assert "lane-strengths" in html
    assert "css/strengths.css" in html
