from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, gettext_noop

from maps import page_urls

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


# The words of the tools of items that many a page shows (cards, touchpoints): the same
# for every item, so translated once per language rather than once per item.
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
_translated: dict[tuple[str | None, str], dict[str, str]] = {}


def constant_words(kind: str) -> dict[str, str]:
    """``CONSTANT_WORDS[kind]`` in the active language, by name."""
    key = (get_language(), kind)
    words = _translated.get(key)
    if words is None:
        words = _translated[key] = {
            name: gettext(word) for name, word in zip(WORD_NAMES, CONSTANT_WORDS[kind], strict=True)
        }
    return words


@register.simple_tag(takes_context=True)
def item_url(context, name: str, kind: str, item) -> str:
    """``{% url name item.journey_map_id kind item.pk %}``, its pattern reversed once a render."""
    return page_urls.for_render(context).item(name, kind, item.journey_map_id, item.pk)


@register.simple_tag(takes_context=True)
def map_url(context, name: str, map_id: int) -> str:
    """``{% url name map_id %}``, its pattern reversed once a render."""
    return page_urls.for_render(context).map(name, map_id)


ACTION_LINK = (
    '<a class="tool tool-action" href="{0}" hx-get="{0}" hx-target="#add-action"'
    ' hx-swap="outerHTML" title="{1}"><span aria-hidden="true">⚑</span>'
    '<span class="visually-hidden">{2}</span></a>'
)


@register.simple_tag(takes_context=True)
def action_link(context, card) -> str:
    """The ⚑ link that turns a pain point or an opportunity into an action."""
    url = page_urls.for_render(context).map("maps:action-new", card.journey_map_id)
    return format_html(
        ACTION_LINK,
        f"{url}?card={card.pk}",
        gettext("Turn into an action"),
        gettext("Turn this card into an action"),
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
    words = constant_words(kind) if kind in CONSTANT_WORDS else context
    if kind in CONSTANT_WORDS:
        confirm = words["confirm"]
    urls = page_urls.for_render(context)
    args = (kind, item.journey_map_id, item.pk)
    moves = ""  # no move buttons: joined by format_html below, so it stays safe
    if back:
        url = urls.item("maps:item-move", *args)
        moves = format_html(
            MOVE_BUTTON * 2,
            *(url, "prev", words["back_title"], back, words["back_label"]),
            *(url, "next", words["forth_title"], forth, words["forth_label"]),
        )
    asks = format_html(' hx-confirm="{}"', confirm) if confirm else ""
    delete = format_html(
        DELETE_BUTTON,
        urls.item("maps:item-delete", *args),
        asks,
        words["delete_title"],
        words["delete_label"],
    )
    return format_html("{}{}", moves, delete)
