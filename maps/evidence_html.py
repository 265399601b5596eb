"""What a card or a touchpoint rests on, as the map page shows it: a small mark, a link
to the source, and a metrics card's figure against its target.

Written in Python like ``maps.card_html`` (which calls it for every card), the
words translated once a render. The touchpoint partial reaches it through the
``evidence_mark`` and ``source_link`` tags, so cards and touchpoints, the live
fragments and the snapshot page all write the same HTML.
"""

from __future__ import annotations

from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from maps.figures import format_figure, is_ahead
from maps.models import Evidence

# Filled in as the evidence grows, so that the levels read apart without colour:
# an empty circle for a guess, half for observed, full for measured.
SYMBOLS: dict[str, str] = {Evidence.ASSUMPTION: "○", Evidence.OBSERVED: "◐", Evidence.MEASURED: "●"}

# The level in words for screen readers (aria-label); a tooltip only when there is more
# to say than the level (its source, its date): every card of a page carries one.
MARK = (
    '<span class="evidence-mark evidence-{level}" role="img" aria-label="{label}"{title}>'
    "{symbol}</span>\n"
)
LINK = (
    '<a class="source-link" href="{url}" target="_blank" rel="noopener noreferrer nofollow"'
    ' title="{title}"><span aria-hidden="true">↗</span> {text}</a>\n'
)


def safe_url(url: str) -> bool:
    """Only web links are shown as links: never ``javascript:`` or ``data:``, whatever
    wrote the field (the form's URL check, an import, the admin)."""
    return url.lower().startswith(("https://", "http://"))


class EvidenceWords:
    """The words of one render, translated once, escaped when written."""

    def __init__(self) -> None:
        self.levels = {value: str(label) for value, label in Evidence.choices}
        self.source = gettext("Source: %(source)s")
        self.open_source = gettext("Open the source (new tab)")
        self.source_word = pgettext("evidence", "Source")
        self.ahead = gettext("ahead")
        self.behind = gettext("behind")
        self.target = gettext("target %(figure)s")
        self.bare_marks = {
            level: MARK.format(
                level=level, label=escape(self.levels[level]), title="", symbol=symbol
            )
            for level, symbol in SYMBOLS.items()
        }

    def title(self, item) -> str:
        """ "Mesuré · Source : Baromètre 2026 · 03/11/2026": level, source and date."""
        level = item.evidence if item.evidence in self.levels else Evidence.ASSUMPTION
        parts = [self.levels[level]]
        if item.source:
            parts.append(self.source % {"source": item.source})
        if item.source_date:
            parts.append(date_format(item.source_date, "SHORT_DATE_FORMAT"))
        return " · ".join(parts)

    def mark(self, item) -> str:
        level = item.evidence if item.evidence in SYMBOLS else Evidence.ASSUMPTION
        if not (item.source or item.source_date):
            # Most items of a map: the level alone, the same mark for each.
            return self.bare_marks[level]
        label = escape(self.title(item))
        return MARK.format(
            level=level, label=label, title=f' title="{label}"', symbol=SYMBOLS[level]
        )

    def link(self, item) -> str:
        """A link to the source when it has a web address: outside the item's button."""
        if not item.source_url or not safe_url(item.source_url):
            return ""
        text = item.source[:40] if item.source else self.source_word
        return LINK.format(
            url=escape(item.source_url), title=escape(self.open_source), text=escape(text)
        )

    def figure(self, card) -> str:
        """A metrics card's figure, its period, and where it stands against its target."""
        html = ""
        shown = format_figure(card.value, card.unit) if card.value is not None else card.figure
        if shown:
            html += f'<span class="card-figure">{escape(shown)}</span>\n'
        if card.target is not None:
            target = escape(self.target % {"figure": format_figure(card.target, card.unit)})
            if card.value is None:
                html += f'<span class="figure-target">{target}</span>\n'
            else:
                # Ahead or behind in words and in the arrow, never by colour alone.
                ahead = is_ahead(card.value, card.target, card.higher_is_better)
                state, arrow, word = (
                    ("ahead", "▲", self.ahead) if ahead else ("behind", "▼", self.behind)
                )
                html += (
                    f'<span class="figure-target figure-{state}"><span aria-hidden="true">'
                    f"{arrow}</span> <strong>{escape(word)}</strong> · {target}</span>\n"
                )
        if card.period and (card.value is not None or card.figure):
            html += f'<span class="card-period">{escape(card.period)}</span>\n'
        return html
