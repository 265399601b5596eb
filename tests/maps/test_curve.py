import random

from django.template.defaultfilters import floatformat

from maps.curve import COLUMN, GAP, build_curve, level_y, svg_number
from maps.models import Stage, Touchpoint


def test_higher_emotions_are_drawn_higher():
    assert level_y(2) < level_y(1) < level_y(0) < level_y(-1) < level_y(-2)


def test_each_point_sits_under_its_stage_column():
    first, second = Stage(name="A"), Stage(name="B")
    curve = build_curve(
        [
            (first, [Touchpoint(channel="x", emotion=-2), Touchpoint(channel="y", emotion=0)]),
            (second, [Touchpoint(channel="z", emotion=2, feeling="ravie")]),
        ]
    )
    xs = [point.x for point in curve.points]
    left_of_second = COLUMN + GAP
    assert 0 < xs[0] < xs[1] < COLUMN < left_of_second < xs[2] < left_of_second + COLUMN
    assert curve.path.startswith("M") and curve.path.count("L") == 2
    assert curve.summary[2] == ("z", 2, "ravie")
    assert curve.width == 2 * COLUMN + GAP
    assert curve.separators == [COLUMN + GAP / 2]


def test_a_map_without_touchpoints_has_no_line():
    curve = build_curve([(Stage(name="A"), [])])
    assert curve.points == []
    assert curve.path == ""


def test_svg_numbers_are_written_as_floatformat_writes_them():
    # The curve's points are written in Python; the rest of the SVG by floatformat:'1u'.
    draws = random.Random(14)
    values = [n / 100 for n in range(-2000, 2000)] + [n / 3 for n in range(-600, 600)]
    values += [draws.uniform(-5000, 5000) for _ in range(2000)]
    assert [svg_number(v) for v in values] == [floatformat(v, "1u") for v in values]


def test_svg_numbers_round_half_up_and_never_say_minus_zero():
    assert [svg_number(v) for v in (2.25, 0.05, -0.04, 136.0, 0)] == [
        "2.3",
        "0.1",
        "0.0",
        "136.0",
        "0.0",
    ]
