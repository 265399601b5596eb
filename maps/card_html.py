"""The cells and cards of the map page, written in Python: its hottest partials.

A 400-card page spent most of its time resolving the card partial's variables
and tags, about 60 of them a card (docs/benchmarks.md, "Map page"); this writes
the same HTML with a few ``str.format`` calls, the words translated and the URL
patterns reversed once a render. The map page's ``cell`` and ``card`` partials
(templates/maps/map_detail.html) call it, so the page, the snapshot page
(``read_only``) and the fragments pushed live (``oob``) all get this HTML.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from maps.evidence_html import EvidenceWords
from maps.grid import Cell
from maps.models import Card, Cause, Lane, LaneKind
from maps.page_urls import IdPattern, PageUrls

# Lanes whose cards can become an action (the ⚑ link).
ACTIONABLE = frozenset({LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES})

# ``data-evidence`` is what the map's filters read (static/js/evidence_filters.js).
ARTICLE = (
    '<article id="card-{pk}" class="card card-{kind}" data-evidence="{evidence}"{oob}>\n'
    "{body}{link}{tools}</article>\n"
)
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


def text_html(text: str) -> str:
    """What the ``linebreaksbr`` filter writes, for plain text."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


# ``data-stage``: the filters find a card's stage without parsing ids.
CELL = '<div id="cell-{stage}-{lane}" class="cell" data-stage="{stage}"{oob}>\n{cards}{add}</div>\n'
# Its form comes from the page's #add-card-form when it opens (static/js/add_form.js).
ADD_CARD = (
    '<details id="add-card-{stage}-{lane}" class="add-item edit-control"'
    ' data-add-form="add-card-form" data-form-id="new-card-{stage}-{lane}"'
    ' data-stage="{stage}" data-lane="{lane}" data-lane-kind="{kind}">'
    "<summary>{summary}</summary></details>\n"
)


class CardWriter:
    """Writes the cards and cells of one render of the map page.

    ``tools`` fills a card's move and delete buttons with its ids; ``read_only``
    leaves out every control (the snapshot page)."""

    def __init__(self, urls: PageUrls, tools: IdPattern, read_only: bool) -> None:
        self.urls = urls
        self.tools = tools
        self.read_only = read_only
        self.answered = escape(gettext("→ action"))
        self.action_title = escape(gettext("Turn into an action"))
        self.action_label = escape(gettext("Turn this card into an action"))
        self.add_card = escape(gettext("+ Card"))
        self.causes = {value: escape(str(label)) for value, label in Cause.choices}
        self.evidence = EvidenceWords()

    def cell(self, cell: Cell, *, oob: bool = False) -> SafeString:
        """A cell's <div>: its cards, then its "+ Card" panel."""
        lane = cell.lane
        kind = escape(lane.kind)
        add = ""
        if not self.read_only:
            add = ADD_CARD.format(
                stage=cell.stage.pk, lane=lane.pk, kind=kind, summary=self.add_card
            )
        actionable = lane.kind in ACTIONABLE
        return SafeString(
            CELL.format(
                stage=cell.stage.pk,
                lane=lane.pk,
                oob=' hx-swap-oob="true"' if oob else "",
                cards="".join([self._card(card, kind, actionable, False) for card in cell.cards]),
                add=add,
            )
        )

    def card(self, card: Card, lane: Lane, *, oob: bool = False) -> SafeString:
        """The card's <article>."""
        return SafeString(self._card(card, escape(lane.kind), lane.kind in ACTIONABLE, oob))

    def _card(self, card: Card, kind: str, actionable: bool, oob: bool) -> str:
        # Every part escaped: the cell and ``card`` mark the whole safe.
        evidence = self.evidence
        pk = card.pk
        content = evidence.mark(card) + evidence.figure(card)
        content += f'<span class="card-text">{text_html(card.text)}</span>\n'
        if card.cause:
            cause = escape(card.cause)
            label = self.causes.get(card.cause, cause)
            content += f'<span class="badge cause cause-{cause}">{label}</span>\n'
        if getattr(card, "answered", False):
            content += f'<span class="badge badge-answered">{self.answered}</span>\n'
        if self.read_only:
            body = SHOWN.format(content=content)
            tools = ""
        else:
            map_id = card.journey_map_id
            url = self.urls.item("maps:item-edit", "card", map_id, pk)
            body = EDITABLE.format(url=url, pk=pk, content=content)
            link = ""
            if actionable:
                action = f"{self.urls.map('maps:action-new', map_id)}?card={pk}"
                link = ACTION_LINK.format(action, self.action_title, self.action_label)
            tools = (
                f'<div class="item-tools edit-control">{link}{self.tools.fill(map_id, pk)}</div>\n'
            )
        return ARTICLE.format(
            pk=pk,
            kind=kind,
            evidence=escape(card.evidence),
            oob=' hx-swap-oob="true"' if oob else "",
            body=body,
            link=evidence.link(card),
            tools=tools,
        )
