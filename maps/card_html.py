"""One card of the map page, written in Python: the page's hottest partial.

A 400-card page spent most of its time resolving the card partial's variables
and tags, about 60 of them a card (docs/benchmarks.md, "Map page"); this writes
the same article with a few ``str.format`` calls. The map page's ``card`` partial
(templates/maps/map_detail.html) calls it, so the page, the snapshot page
(``read_only``) and the fragments pushed live (``oob``) all get this HTML.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from maps.models import Card, Cause, Lane, LaneKind
from maps.page_urls import PageUrls

# Lanes whose cards can become an action (the ⚑ link).
ACTIONABLE = frozenset({LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES})

ARTICLE = '<article id="card-{pk}" class="card card-{kind}"{oob}>\n{body}{tools}</article>\n'
EDITABLE = (
    '<button type="button" class="editable card-body" hx-get="{url}" hx-target="#card-{pk}"'
    ' hx-swap="outerHTML">\n{content}</button>\n'
)
SHOWN = '<div class="shown card-body">\n{content}</div>\n'
ACTION_LINK = (
    '<a class="tool tool-action" href="{0}" hx-get="{0}" hx-target="#add-action"'
    ' hx-swap="outerHTML" title="{1}"><span aria-hidden="true">⚑</span>'
    '<span class="visually-hidden">{2}</span></a>'
)


class CardWords:
    """The words every card may show, translated and escaped once (in the language
    active when made: one ``CardWords`` a render, see ``maps.page_urls.for_render``)."""

    def __init__(self) -> None:
        self.answered = escape(gettext("→ action"))
        self.action_title = escape(gettext("Turn into an action"))
        self.action_label = escape(gettext("Turn this card into an action"))
        self.causes = {value: escape(str(label)) for value, label in Cause.choices}


def text_html(text: str) -> str:
    """What the ``linebreaksbr`` filter writes, for plain text."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def card_article(
    card: Card,
    lane: Lane,
    *,
    urls: PageUrls,
    words: CardWords,
    read_only: bool,
    oob: bool,
    tools: str,
) -> SafeString:
    """The card's <article>; ``tools`` is its move and delete buttons (``item_tools``)."""
    content = ""
    if card.figure:
        content += f'<span class="card-figure">{escape(card.figure)}</span>\n'
    content += f'<span class="card-text">{text_html(card.text)}</span>\n'
    if card.cause:
        cause = escape(card.cause)
        label = words.causes.get(card.cause, cause)
        content += f'<span class="badge cause cause-{cause}">{label}</span>\n'
    if getattr(card, "answered", False):
        content += f'<span class="badge badge-answered">{words.answered}</span>\n'
    if read_only:
        body = SHOWN.format(content=content)
        tools_html = ""
    else:
        url = urls.item("maps:item-edit", "card", card.journey_map_id, card.pk)
        body = EDITABLE.format(url=url, pk=card.pk, content=content)
        link = ""
        if lane.kind in ACTIONABLE:
            action = f"{urls.map('maps:action-new', card.journey_map_id)}?card={card.pk}"
            link = ACTION_LINK.format(action, words.action_title, words.action_label)
        tools_html = f'<div class="item-tools edit-control">{link}{tools}</div>\n'
    return mark_safe(  # noqa: S308 (every part escaped above)
        ARTICLE.format(
            pk=card.pk,
            kind=escape(lane.kind),
            oob=' hx-swap-oob="true"' if oob else "",
            body=body,
            tools=tools_html,
        )
    )
