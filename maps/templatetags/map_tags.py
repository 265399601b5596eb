from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html

register = template.Library()


@register.filter
def signed(value: int) -> str:
    """Emotion scores read as +2, +1, 0, −1, −2."""
    value = int(value)
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "0"


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
# about 30 ms a page (docs/benchmarks.md, "Map page"); one format_html costs little.
MOVE_BUTTON = (
    '<button type="button" class="tool" hx-post="{}" hx-vals=\'{{"direction": "{}"}}\''
    ' hx-swap="none" title="{}"><span aria-hidden="true">{}</span>'
    '<span class="visually-hidden">{}</span></button>'
)
DELETE_BUTTON = (
    '<button type="button" class="tool tool-danger" hx-post="{}" hx-swap="none"{} title="{}">'
    '<span aria-hidden="true">×</span><span class="visually-hidden">{}</span></button>'
)


@register.simple_tag(takes_context=True)
def item_tools(context, kind: str, item, back: str = "", forth: str = "", confirm: str = ""):
    """The move and delete buttons of one item of the map, inside its ".item-tools".

    ``kind`` and ``item`` name the item. ``back`` and ``forth`` are the move arrows
    (without them, no move buttons). The words come from the template's context, set
    just before: a tooltip (``back_title``, ``forth_title``, ``delete_title``) and
    what a screen reader says (``back_label``, ``forth_label``, ``delete_label``)
    for each button; ``confirm``, when given, is asked before the delete is sent.
    """
    args = (item.journey_map_id, kind, item.pk)
    moves = ""  # no move buttons: joined by format_html below, so it stays safe
    if back:
        url = reverse("maps:item-move", args=args)
        moves = format_html(
            MOVE_BUTTON * 2,
            *(url, "prev", context["back_title"], back, context["back_label"]),
            *(url, "next", context["forth_title"], forth, context["forth_label"]),
        )
    asks = format_html(' hx-confirm="{}"', confirm) if confirm else ""
    delete = format_html(
        DELETE_BUTTON,
        reverse("maps:item-delete", args=args),
        asks,
        context["delete_title"],
        context["delete_label"],
    )
    return format_html("{}{}", moves, delete)
