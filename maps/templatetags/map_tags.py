from django import template
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop

from maps import card_html, coverage, coverage_html, evidence_html, page_urls, touchpoint_html
from maps.curve import svg_number
from maps.touchpoint_html import signed

register = template.Library()
# Emotion scores read as +2, +1, 0, −1, −2.
register.filter("signed", signed)


@register.filter
def signed_mean(value: float) -> str:
    """A group's mean score, one decimal, signed like the scores: +1,5 / −0,5 / 0,0."""
    rounded = round(float(value), 1)
    text = formats.number_format(abs(rounded), 1)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"−{text}"
    return text


# One item's move and delete buttons, written here rather than as a partial of the
# map page: 456 items on a 400-card map made the partial's dozen variables cost
# about 30 ms a page (docs/benchmarks.md, "Map page"); one str.format costs little.
# What a screen reader says is the button's aria-label, not a hidden <span>: a page of
# 400 cards writes these three buttons 400 times (docs/benchmarks.md, "Map page").
MOVE_BUTTON = (
    '<button type="button" class="tool" hx-post="{0}" hx-vals=\'{{"direction": "{1}"}}\''
    ' hx-swap="none" title="{2}" aria-label="{4}">{3}</button>'
)
DELETE_BUTTON = (
    '<button type="button" class="tool tool-danger" hx-post="{0}" hx-swap="none"{1}'
    ' title="{2}" aria-label="{3}">×</button>'
)


# The words of the tools of items that many a page shows (cards, touchpoints): the same
# for every item, so translated once a render (``_constant_tools``) rather than per item.
# Keys: back_title, back_label, forth_title, forth_label, delete_title, delete_label, confirm.
CONSTANT_WORDS = {
    "card": (
        gettext_noop("Move up"),
        gettext_noop("Move card up"),
        gettext_noop("Move down"),
        gettext_noop("Move card down"),
        gettext_noop("Delete"),
        gettext_noop("Delete card"),
        gettext_noop("Delete this card?"),
    ),
    "touchpoint": (
        gettext_noop("Move up"),
        gettext_noop("Move touchpoint up"),
        gettext_noop("Move down"),
        gettext_noop("Move touchpoint down"),
        gettext_noop("Delete"),
        gettext_noop("Delete touchpoint"),
        gettext_noop("Delete this touchpoint?"),
    ),
}
WORD_NAMES = (
    "back_title",
    "back_label",
    "forth_title",
    "forth_label",
    "delete_title",
    "delete_label",
    "confirm",
)


def constant_words(kind: str) -> dict[str, str]:
    """``CONSTANT_WORDS[kind]`` in the active language, by name, escaped for HTML."""
    return {
        name: escape(gettext(word))
        for name, word in zip(WORD_NAMES, CONSTANT_WORDS[kind], strict=True)
    }


@register.simple_tag(takes_context=True)
def item_url(context, name: str, kind: str, item) -> str:
    """``{% url name item.journey_map_id kind item.pk %}``, its pattern reversed once a render."""
    return page_urls.for_render(context).item(name, kind, item.journey_map_id, item.pk)


def _card_writer(context) -> card_html.CardWriter:
    urls = page_urls.for_render(context)
    tools = page_urls.once_a_render(context, _constant_tools, urls, "card", "↑", "↓")
    read_only = bool(context.get("read_only"))
    return page_urls.once_a_render(context, card_html.CardWriter, urls, tools, read_only)


@register.simple_tag(takes_context=True)
def card_cell(context, cell) -> str:
    """A cell of the map page and its cards (``maps.card_html``), read only or not as
    the context says, marked for an out-of-band swap as the ``cell`` fragment."""
    return _card_writer(context).cell(cell, oob=context.get("oob") == "cell")


@register.simple_tag(takes_context=True)
def card_article(context, card, lane) -> str:
    """One card (``maps.card_html``), marked for an out-of-band swap as the ``card``
    fragment."""
    return _card_writer(context).card(card, lane, oob=context.get("oob") == "card")


def _touchpoint_writer(context) -> touchpoint_html.TouchpointWriter:
    urls = page_urls.for_render(context)
    tools = page_urls.once_a_render(context, _constant_tools, urls, "touchpoint", "↑", "↓")
    read_only = bool(context.get("read_only"))
    return page_urls.once_a_render(
        context, touchpoint_html.TouchpointWriter, urls, tools, read_only
    )


@register.simple_tag(takes_context=True)
def touchpoint_column(context, column) -> str:
    """A stage's touchpoints (``maps.touchpoint_html``), read only or not as the context
    says, marked for an out-of-band swap as the ``touchpoints`` fragment."""
    return _touchpoint_writer(context).column(column, oob=context.get("oob") == "touchpoints")


@register.simple_tag(takes_context=True)
def touchpoint_article(context, touchpoint) -> str:
    """One touchpoint (``maps.touchpoint_html``), marked for an out-of-band swap as the
    ``touchpoint`` fragment."""
    return _touchpoint_writer(context).touchpoint(
        touchpoint, oob=context.get("oob") == "touchpoint"
    )


@register.simple_tag(takes_context=True)
def item_tools(context, kind: str, item, back: str = "", forth: str = "", confirm: str = ""):
    """The move and delete buttons of one item of the map, inside its ".item-tools".

    ``kind`` and ``item`` name the item. ``back`` and ``forth`` are the move arrows
    (without them, no move buttons). The words of cards and touchpoints are
    ``CONSTANT_WORDS``; those of other kinds come from the template's context, set
    just before: a tooltip (``back_title``, ``forth_title``, ``delete_title``) and
    what a screen reader says (``back_label``, ``forth_label``, ``delete_label``)
    for each button; ``confirm``, when given, is asked before the delete is sent.
    """
    if kind in CONSTANT_WORDS:
        # The same buttons for every card but for two ids: written once a render.
        urls = page_urls.for_render(context)
        pattern = page_urls.once_a_render(context, _constant_tools, urls, kind, back, forth)
        return mark_safe(pattern.fill(item.journey_map_id, item.pk))  # noqa: S308 (escaped)
    # Set by {% translate as %} and {% blocktranslate asvar %}: safe ones escaped already.
    words: dict[str, str] = {
        name: conditional_escape(context.get(name, "")) for name in WORD_NAMES[:-1]
    }
    words["confirm"] = conditional_escape(confirm)
    urls = page_urls.for_render(context)
    return mark_safe(  # noqa: S308 (escaped)
        _tools(urls, words, kind, item.journey_map_id, item.pk, back, forth)
    )


# The tools of the stage and lane headings: their words differ from item to item by the
# name alone, so each format is translated once a render (``_structure_words``) and the
# name put in, escaped, as ``{% blocktranslate %}`` would (the translation as it is).
# Keys: back_title, back_label, forth_title, forth_label, delete_title, delete_label,
# then the focus button's label and the arrows.
STRUCTURE_WORDS = {
    "stage": (
        gettext_noop("Move left"),
        gettext_noop("Move stage %(name)s left"),
        gettext_noop("Move right"),
        gettext_noop("Move stage %(name)s right"),
        gettext_noop("Delete stage"),
        gettext_noop("Delete stage %(name)s"),
        gettext_noop("Bring everyone to the stage %(name)s"),
    ),
    "lane": (
        gettext_noop("Move up"),
        gettext_noop("Move lane %(title)s up"),
        gettext_noop("Move down"),
        gettext_noop("Move lane %(title)s down"),
        gettext_noop("Delete lane"),
        gettext_noop("Delete lane %(title)s"),
        gettext_noop("Bring everyone to the lane %(title)s"),
    ),
}
STRUCTURE_ARROWS = {"stage": ("←", "→"), "lane": ("↑", "↓")}
FOCUS_BUTTON = (
    '<button type="button" class="tool focus-tool facilitator-control" hx-post="{0}"'
    ' hx-vals=\'{{"target": "{1}-{2}"}}\' hx-swap="none" title="{3}">'
    '<span aria-hidden="true">◎</span><span class="visually-hidden">{4}</span></button>'
)


def _structure_words(kind: str) -> tuple[str, ...]:
    """``STRUCTURE_WORDS[kind]`` in the active language: titles escaped, formats as
    translated, and the focus button's tooltip."""
    words = [gettext(word) for word in STRUCTURE_WORDS[kind]]
    for title in (0, 2, 4):
        words[title] = escape(words[title])
    return (*words, escape(gettext("Bring everyone here")))


@register.simple_tag(takes_context=True)
def structure_tools(context, kind: str, item) -> str:
    """A stage's or a lane's move and delete buttons (its ".item-tools"), then the
    facilitator's button that brings everyone to it; ``item``'s name or title is in
    what a screen reader says of each."""
    words = page_urls.once_a_render(context, _structure_words, kind)
    # The placeholder the messages name: a stage's name, a lane's title.
    name = {"name": escape(item.name)} if kind == "stage" else {"title": escape(item.title)}
    back, forth = STRUCTURE_ARROWS[kind]
    urls = page_urls.for_render(context)
    named = dict(zip(WORD_NAMES[:-1], words, strict=False))
    for label in ("back_label", "forth_label", "delete_label"):
        named[label] = named[label] % name
    named["confirm"] = ""
    map_id = item.journey_map_id
    tools = _tools(urls, named, kind, map_id, item.pk, back, forth)
    focus = FOCUS_BUTTON.format(
        urls.map("maps:focus", map_id), kind, item.pk, words[7], words[6] % name
    )
    return mark_safe(  # noqa: S308 (escaped)
        f'<div class="item-tools edit-control structure-control">{tools}</div>\n{focus}'
    )


def _tools(urls, words: dict[str, str], kind: str, map_id, item_id, back: str, forth: str) -> str:
    # Everything is escaped already (URLs come out of reverse quoted): plain
    # str.format, much cheaper than format_html on a page of 456 items.
    moves = ""
    if back:
        url = urls.item("maps:item-move", kind, map_id, item_id)
        moves = MOVE_BUTTON.format(
            url, "prev", words["back_title"], escape(back), words["back_label"]
        ) + MOVE_BUTTON.format(
            url, "next", words["forth_title"], escape(forth), words["forth_label"]
        )
    confirm = words["confirm"]
    delete = DELETE_BUTTON.format(
        urls.item("maps:item-delete", kind, map_id, item_id),
        f' hx-confirm="{confirm}"' if confirm else "",
        words["delete_title"],
        words["delete_label"],
    )
    return moves + delete


def _constant_tools(urls, kind: str, back: str, forth: str) -> page_urls.IdPattern:
    return page_urls.IdPattern(
        lambda map_id, item_id: _tools(
            urls, constant_words(kind), kind, map_id, item_id, back, forth
        )
    )


def _evidence_words(context) -> evidence_html.EvidenceWords:
    return page_urls.once_a_render(context, evidence_html.EvidenceWords)


@register.simple_tag(takes_context=True)
def evidence_mark(context, item) -> str:
    """A touchpoint's (or card's) evidence mark: ○ ◐ ●, its level, source and date in words."""
    return mark_safe(_evidence_words(context).mark(item))  # noqa: S308 (escaped)


@register.simple_tag(takes_context=True)
def source_link(context, item) -> str:
    """A link to the item's source, when it has a web address."""
    return mark_safe(_evidence_words(context).link(item))  # noqa: S308 (escaped)


@register.simple_tag
def stage_coverages(grid) -> list:
    """Each stage with its coverage (``maps.coverage``), in the grid's order."""
    counts = coverage.by_stage(grid)
    return [(column.stage, counts[column.stage.pk]) for column in grid.columns]


@register.simple_tag(takes_context=True)
def coverage_strip(context, stage, coverage) -> str:
    """A stage's evidence strip (``maps.coverage_html``), marked for an out-of-band swap
    as the ``coverage`` fragment."""
    writer = page_urls.once_a_render(context, coverage_html.CoverageWriter)
    return writer.strip(stage.pk, coverage, oob=context.get("oob") == "coverage")


# The points of the map's emotion curve and their feeling, under the line: written here
# rather than through ``floatformat`` three times a point (docs/benchmarks.md, "Map page").
CURVE_POINT = '<circle class="curve-point tone-{0}" cx="{1}" cy="{2}" r="6" />\n'
CURVE_LABEL = '<text class="curve-label" x="{0}" y="{1}" text-anchor="middle">{2}</text>\n'


@register.simple_tag
def curve_points(curve) -> str:
    """The curve's points, each with its feeling (cut at 18 characters) when it has one."""
    html = []
    for point in curve.points:
        x = svg_number(point.x)
        html.append(CURVE_POINT.format(point.tone, x, svg_number(point.y)))
        if point.feeling:
            feeling = escape(Truncator(point.feeling).chars(18))
            html.append(CURVE_LABEL.format(x, svg_number(point.label_y), feeling))
    return mark_safe("".join(html))  # noqa: S308 (escaped)


@register.filter
def evidence_symbol(level: str) -> str:
    """○ ◐ ●: the mark of an evidence level, as the map shows it."""
    return evidence_html.SYMBOLS.get(level, "")


@register.filter
def has_value(value) -> bool:
    """A form field's value that was set: 0 counts, None and "" do not."""
    return value not in (None, "")
