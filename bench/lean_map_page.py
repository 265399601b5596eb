"""The lean baseline of bench/map_page.py: the map page's grid written in plain Python.

The same data as the view (the same queries: the grid, the action plan, the
facilitation panel) and the grid's HTML with the same controls as the template
writes (edit buttons, move and delete tools, focus buttons, the "add" panels,
the touchpoint forms), each URL pattern reversed once and each constant string
translated once. It leaves out the page's frame (header, action plan, curve),
a few kilobytes, so the ratio it gives the template is a little severe.
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.translation import gettext as _

from maps import fragments, panel
from maps.grid import build_grid
from maps.models import Emotion, JourneyMap, LaneKind
from maps.templatetags.map_tags import signed


def lean_page(map_id: int) -> str:
    journey_map = JourneyMap.objects.prefetch_related("personas", "workshops").get(pk=map_id)
    grid = build_grid(journey_map)
    list(fragments.action_plan_context(journey_map)["actions"])
    panel.context(journey_map, facilitator=True)
    return grid_html(journey_map, grid)


def grid_html(journey_map: JourneyMap, grid) -> str:
    m = journey_map.pk
    url = {
        (name, kind): reverse(f"maps:item-{name}", args=[m, kind, 999999]).replace("999999", "{}")
        for name in ("edit", "move", "delete")
        for kind in ("stage", "touchpoint", "lane", "card")
    }
    focus = reverse("maps:focus", args=[m])
    action_new = reverse("maps:action-new", args=[m])
    create = {k: reverse("maps:item-create", args=[m, k]) for k in ("touchpoint", "card")}
    w = {
        s: _(s)
        for s in (
            "Move up", "Move down", "Move left", "Move right", "Delete", "Move card up",
            "Move card down", "Delete card", "Delete this card?", "Move touchpoint up",
            "Move touchpoint down", "Delete touchpoint", "Delete this touchpoint?",
            "Turn into an action", "Turn this card into an action", "+ Card", "+ Touchpoint",
            "Bring everyone here", "Delete stage", "Delete lane", "→ action", "Channel",
            "What the customer does", "Emotion", "Feeling (one word)", "Add",
        )
    }  # fmt: skip
    emotions = [(v, escape(str(label))) for v, label in Emotion.choices]

    def tools(kind, pk, back, forth, words, confirm=""):
        def u(name):
            return url[name, kind].format(pk)

        asks = f' hx-confirm="{escape(confirm)}"' if confirm else ""
        return (
            f'<button type="button" class="tool" hx-post="{u("move")}" hx-vals=\'{{"direction": '
            f'"prev"}}\' hx-swap="none" title="{words[0]}"><span aria-hidden="true">{back}</span>'
            f'<span class="visually-hidden">{words[1]}</span></button>'
            f'<button type="button" class="tool" hx-post="{u("move")}" hx-vals=\'{{"direction": '
            f'"next"}}\' hx-swap="none" title="{words[2]}"><span aria-hidden="true">{forth}</span>'
            f'<span class="visually-hidden">{words[3]}</span></button>'
            f'<button type="button" class="tool tool-danger" hx-post="{u("delete")}" '
            f'hx-swap="none"{asks} title="{w["Delete"]}"><span aria-hidden="true">×</span>'
            f'<span class="visually-hidden">{words[4]}</span></button>'
        )

    def edit(kind, pk, cls=""):
        return (
            f'<button type="button" class="editable{cls}" '
            f'hx-get="{url["edit", kind].format(pk)}" '
            f'hx-target="#{kind}-{pk}" hx-swap="outerHTML">'
        )

    out = ['<div id="map-grid" class="map-grid"><div class="grid-row stage-row">']
    for column in grid.columns:
        s = column.stage
        name = escape(s.name)
        out.append(
            f'<div id="stage-{s.pk}" class="stage-head"><h3 class="stage-name">'
            f"{edit('stage', s.pk)}{name}</button></h3>"
            f'<div class="item-tools edit-control structure-control">'
            + tools("stage", s.pk, "←", "→", (w["Move left"], name, w["Move right"], name, name))
            + f'</div><button type="button" class="tool focus-tool facilitator-control" '
            f'hx-post="{focus}" hx-vals=\'{{"target": "stage-{s.pk}"}}\' hx-swap="none" '
            f'title="{w["Bring everyone here"]}"><span aria-hidden="true">◎</span>'
            f'<span class="visually-hidden">{name}</span></button></div>'
        )
    out.append('</div><div class="grid-row touchpoint-row">')
    tp_words = (
        w["Move up"], w["Move touchpoint up"], w["Move down"], w["Move touchpoint down"],
        w["Delete touchpoint"],
    )  # fmt: skip
    for column in grid.columns:
        sp = column.stage.pk
        out.append(f'<div id="touchpoints-{sp}" class="cell touchpoints">')
        for t in column.touchpoints:
            tone = "positive" if t.emotion > 0 else "negative" if t.emotion < 0 else "neutral"
            feeling = escape(t.feeling or str(t.get_emotion_display()))
            action = (
                f'<span class="touchpoint-action">{escape(t.action)}</span>' if t.action else ""
            )
            out.append(
                f'<article id="touchpoint-{t.pk}" class="touchpoint tone-{tone}">'
                f"{edit('touchpoint', t.pk, ' touchpoint-body')}"
                f'<span class="touchpoint-channel">{escape(t.channel)}</span>{action}'
                f'<span class="emotion emotion-{t.emotion}"><span class="emotion-score">'
                f"{signed(t.emotion)}</span>{feeling}</span></button>"
                f'<div class="item-tools edit-control">'
                + tools("touchpoint", t.pk, "↑", "↓", tp_words, w["Delete this touchpoint?"])
                + "</div></article>"
            )
        form = f"new-touchpoint-{sp}"
        radios = "".join(
            f'<label class="emotion-choice emotion-{v}"><input type="radio" name="emotion" '
            f'value="{v}"{" checked" if v == 0 else ""}><span aria-hidden="true">{signed(v)}'
            f'</span><span class="visually-hidden">{label}</span></label>'
            for v, label in emotions
        )
        out.append(
            f'<details id="add-touchpoint-{sp}" class="add-item edit-control"><summary>'
            f'{w["+ Touchpoint"]}</summary><form id="{form}" class="item-form" method="post" '
            f'action="{create["touchpoint"]}" hx-post="{create["touchpoint"]}" hx-swap="none">'
            f'<input type="hidden" name="form_id" value="{form}"><input type="hidden" '
            f'name="stage" value="{sp}"><label for="{form}-channel">{w["Channel"]}</label>'
            f'<input id="{form}-channel" name="channel" maxlength="120" required>'
            f'<label for="{form}-action">{w["What the customer does"]}</label><textarea '
            f'id="{form}-action" name="action" rows="2"></textarea><fieldset '
            f'class="emotion-picker"><legend>{w["Emotion"]}</legend>{radios}</fieldset>'
            f'<label for="{form}-feeling">{w["Feeling (one word)"]}</label><input '
            f'id="{form}-feeling" name="feeling" maxlength="60"><button type="submit" '
            f'class="button button-primary">{w["Add"]}</button></form></details></div>'
        )
    out.append("</div>")
    card_words = (
        w["Move up"], w["Move card up"], w["Move down"], w["Move card down"], w["Delete card"],
    )  # fmt: skip
    actionable = {LaneKind.PAIN_POINTS, LaneKind.OPPORTUNITIES}
    for row in grid.rows:
        lane = row.lane
        title = escape(lane.title)
        out.append(
            f'<div class="grid-row lane-row lane-{lane.kind}"><div id="lane-{lane.pk}" '
            f'class="row-head lane-head"><h2 class="row-title">{edit("lane", lane.pk)}{title}'
            f'</button></h2><div class="item-tools edit-control structure-control">'
            + tools("lane", lane.pk, "↑", "↓", (w["Move up"], title, w["Move down"], title, title))
            + "</div></div>"
        )
        for cell in row.cells:
            out.append(f'<div id="cell-{cell.stage.pk}-{lane.pk}" class="cell">')
            for c in cell.cards:
                figure = f'<span class="card-figure">{escape(c.figure)}</span>' if c.figure else ""
                cause = (
                    f'<span class="badge cause cause-{c.cause}">{c.get_cause_display()}</span>'
                    if c.cause
                    else ""
                )
                answered = (
                    f'<span class="badge badge-answered">{w["→ action"]}</span>'
                    if c.answered
                    else ""
                )
                link = (
                    f'<a class="tool tool-action" href="{action_new}?card={c.pk}" '
                    f'hx-get="{action_new}?card={c.pk}" hx-target="#add-action" '
                    f'hx-swap="outerHTML" title="{w["Turn into an action"]}"><span '
                    f'aria-hidden="true">⚑</span><span class="visually-hidden">'
                    f"{w['Turn this card into an action']}</span></a>"
                    if lane.kind in actionable
                    else ""
                )
                text = escape(c.text).replace("\n", "<br>")
                out.append(
                    f'<article id="card-{c.pk}" class="card card-{lane.kind}">'
                    f'{edit("card", c.pk, " card-body")}{figure}<span class="card-text">{text}'
                    f"</span>{cause}{answered}</button>"
                    f'<div class="item-tools edit-control">{link}'
                    + tools("card", c.pk, "↑", "↓", card_words, w["Delete this card?"])
                    + "</div></article>"
                )
            out.append(
                f'<details id="add-card-{cell.stage.pk}-{lane.pk}" class="add-item add-card '
                f'edit-control" data-stage="{cell.stage.pk}" data-lane="{lane.pk}" '
                f'data-lane-kind="{lane.kind}"><summary>{w["+ Card"]}</summary></details></div>'
            )
        out.append("</div>")
    out.append("</div>")
    return "".join(out)
