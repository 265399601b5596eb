"""The touchpoints of the map page, written in Python like its cards (``maps.card_html``).

The touchpoint partial cost the 400-card page about a fifth of its time for 36
touchpoints (docs/benchmarks.md, "Map page"): some thirty variables, tags and
conditions a touchpoint through the template engine. This writes the same HTML
with ``str.format``, the words translated and the URL patterns reversed once a
render. The map page's ``touchpoints`` and ``touchpoint`` partials
(templates/maps/map_detail.html) call it, so the page, the snapshot and shared
pages (``read_only``) and the fragments pushed live (``oob``) all get this HTML.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from maps.evidence_html import EvidenceWords
from maps.grid import StageColumn
from maps.models import Emotion, Touchpoint
from maps.page_urls import IdPattern, PageUrls


def signed(value: int) -> str:
    """Emotion scores read as +2, +1, 0, −1, −2."""
    value = int(value)
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"


# ``data-evidence`` and ``data-moment`` are what the map's filters read
# (static/js/evidence_filters.js).
ARTICLE = (
    '<article id="touchpoint-{pk}" class="touchpoint tone-{tone}{moment_class}"'
    ' data-evidence="{evidence}"{moment_data}{oob}>\n'
    "{body}{link}{tools}</article>\n"
)
EDITABLE = (
    '<button type="button" class="editable touchpoint-body" hx-get="{url}"'
    ' hx-target="#touchpoint-{pk}" hx-swap="outerHTML">\n{content}</button>\n'
)
SHOWN = '<div class="shown touchpoint-body">\n{content}</div>\n'
COLUMN = (
    '<div id="touchpoints-{stage}" class="cell touchpoints" data-stage="{stage}"{oob}>\n'
    "{touchpoints}{add}</div>\n"
)
# Its form comes from the page's #add-touchpoint-form when it opens (static/js/add_form.js).
ADD_TOUCHPOINT = (
    '<details id="add-touchpoint-{stage}" class="add-item edit-control"'
    ' data-add-form="add-touchpoint-form" data-form-id="new-touchpoint-{stage}"'
    ' data-stage="{stage}"><summary>{summary}</summary></details>\n'
)


def tone(emotion: int) -> str:
    return "positive" if emotion > 0 else "negative" if emotion < 0 else "neutral"


class TouchpointWriter:
    """Writes the touchpoints of one render of the map page.

    ``tools`` fills a touchpoint's move and delete buttons with its ids;
    ``read_only`` leaves out every control (the snapshot and shared pages)."""

    def __init__(self, urls: PageUrls, tools: IdPattern, read_only: bool) -> None:
        self.urls = urls
        self.tools = tools
        self.read_only = read_only
        # Out of the f-string: xgettext does not read inside one.
        moment = escape(gettext("Moment of truth"))
        self.moment_flag = (
            f'<span class="moment-flag"><span aria-hidden="true">★</span> {moment}</span>\n'
        )
        self.add_touchpoint = escape(gettext("+ Touchpoint"))
        # What ``get_emotion_display`` says, once a render rather than once a touchpoint.
        self.emotions = {value: str(label) for value, label in Emotion.choices}
        self.evidence = EvidenceWords()

    def column(self, column: StageColumn, *, oob: bool = False) -> SafeString:
        """A stage's touchpoints <div>, then its "+ Touchpoint" panel."""
        stage = column.stage.pk
        add = (
            ""
            if self.read_only
            else ADD_TOUCHPOINT.format(stage=stage, summary=self.add_touchpoint)
        )
        return mark_safe(  # noqa: S308 (every part escaped)
            COLUMN.format(
                stage=stage,
                oob=' hx-swap-oob="true"' if oob else "",
                touchpoints="".join([self.touchpoint(t) for t in column.touchpoints]),
                add=add,
            )
        )

    def touchpoint(self, touchpoint: Touchpoint, *, oob: bool = False) -> SafeString:
        """The touchpoint's <article>."""
        emotion = touchpoint.emotion
        content = self.evidence.mark(touchpoint)
        if touchpoint.moment_of_truth:
            content += self.moment_flag
        content += f'<span class="touchpoint-channel">{escape(touchpoint.channel)}</span>\n'
        if touchpoint.action:
            content += f'<span class="touchpoint-action">{escape(touchpoint.action)}</span>\n'
        feeling = touchpoint.feeling or self.emotions.get(emotion, str(emotion))
        content += (
            f'<span class="emotion emotion-{emotion}"><span class="emotion-score">'
            f"{signed(emotion)}</span> {escape(feeling)}</span>\n"
        )
        if self.read_only:
            body = SHOWN.format(content=content)
            tools = ""
        else:
            map_id = touchpoint.journey_map_id
            url = self.urls.item("maps:item-edit", "touchpoint", map_id, touchpoint.pk)
            body = EDITABLE.format(url=url, pk=touchpoint.pk, content=content)
            tools = (
                f'<div class="item-tools edit-control">'
                f"{self.tools.fill(map_id, touchpoint.pk)}</div>\n"
            )
        moment = touchpoint.moment_of_truth
        return mark_safe(  # noqa: S308 (every part escaped above)
            ARTICLE.format(
                pk=touchpoint.pk,
                tone=tone(emotion),
                moment_class=" moment-of-truth" if moment else "",
                evidence=escape(touchpoint.evidence),
                moment_data=' data-moment="true"' if moment else "",
                oob=' hx-swap-oob="true"' if oob else "",
                body=body,
                link=self.evidence.link(touchpoint),
                tools=tools,
            )
        )
