"""Strong points on the map page: their lane and cards stand apart from pain points."""

from playwright.sync_api import expect

from maps.models import Card, Lane, LaneKind


def test_strong_points_cards_have_their_own_colour_and_rule(
    logged_in_page, journey_map, screenshot
):
    stage = journey_map.stages.first()
    strengths = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.STRENGTHS, title="Points forts", position=5
    )
    Card.objects.create(
        journey_map=journey_map, stage=stage, lane=strengths, text="Le pain est encore chaud"
    )
    pains = journey_map.lanes.get(kind=LaneKind.PAIN_POINTS)
    Card.objects.create(journey_map=journey_map, stage=stage, lane=pains, text="La file")

    page = logged_in_page
    page.goto(journey_map.get_absolute_url())

    strong = page.locator(".card-strengths").first
    pain = page.locator(".card-pain_points").first
    expect(strong).to_be_visible()
    # A solid rule on the left, which a pain point has not: not colour alone.
    assert strong.evaluate("e => getComputedStyle(e).borderLeftWidth") == "4px"
    assert pain.evaluate("e => getComputedStyle(e).borderLeftWidth") != "4px"
    cell = page.locator(".lane-strengths .cell").first
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(253, 243, 216)"
    screenshot(page, "map-strong-points")
