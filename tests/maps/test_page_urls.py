from django.template import Context
from django.urls import reverse

from maps.page_urls import IdPattern, PageUrls, for_render, once_a_render


def test_item_urls_read_as_reverse_writes_them():
    urls = PageUrls()
    for name in ("maps:item-edit", "maps:item-move", "maps:item-delete"):
        for kind in ("stage", "touchpoint", "lane", "card", "action"):
            assert urls.item(name, kind, 7, 1234) == reverse(name, args=[7, kind, 1234])
    assert urls.map("maps:action-new", 7) == reverse("maps:action-new", args=[7])


def test_an_id_pattern_fills_in_each_items_ids():
    pattern = IdPattern(lambda map_id, item_id: f'<a href="/maps/{map_id}/card/{item_id}/">')
    assert pattern.fill(3, 42) == '<a href="/maps/3/card/42/">'
    assert pattern.fill(3, 43) == '<a href="/maps/3/card/43/">'


def test_what_a_render_makes_is_made_once():
    made = []

    def make(word):
        made.append(word)
        return word.upper()

    context = Context()
    assert once_a_render(context, make, "up") == "UP"
    assert once_a_render(context, make, "up") == "UP"
    assert once_a_render(context, make, "down") == "DOWN"
    assert made == ["up", "down"]
    assert for_render(context) is for_render(context)
    assert for_render(Context()) is not for_render(context)
