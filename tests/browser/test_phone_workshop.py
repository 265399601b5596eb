"""A guest follows a workshop on a phone (390×844): the facilitation bar stays in
sight, the focused stage shows whole beside the row titles, lane titles do not
break inside a word, and the dot ballot reads without an inner scroll box."""

import re

import pytest
from playwright.sync_api import Page, expect

from maps.models import Card, Lane, LaneKind, Stage
from tests.browser.conftest import wait_until
from tests.browser.test_live_workshop import LIVE_TIMEOUT_MS, join_as_guest, open_map

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
LONG = "La file d'attente déborde sur le trottoir et personne ne dit combien de temps il faut"


@pytest.fixture
def workshop_map(journey_map):
    for position, name in enumerate(["Comparaison", "Décision", "Fidélité"], start=2):
        Stage.objects.create(journey_map=journey_map, name=name, position=position)
    Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.OPPORTUNITIES, title="Opportunités", position=2
    )
    Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Chiffres clés", position=3
    )
    pains = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    for n, stage in enumerate(journey_map.stages.order_by("position")):
        Card.objects.create(journey_map=journey_map, lane=pains, stage=stage, text=f"{LONG} ({n})")
    return journey_map


def words_broken(page: Page, selector: str) -> list[str]:
    """Words of the matching elements that the browser laid out over several lines."""
    return page.evaluate(
        """selector => {
          const broken = [];
          document.querySelectorAll(selector).forEach(element => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const re = /\\S+/g;
              let match;
              while ((match = re.exec(node.data))) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
              }
            }
          });
          return broken;
        }""",
        selector,
    )


def stage_fully_visible(page: Page, stage_id: str) -> None:
    """Wait until the stage sits whole between the sticky row titles and the screen's edge."""
    wait_until(
        page,
        """id => {
          const stage = document.getElementById(id).getBoundingClientRect();
          const head = document.querySelector(".stage-row .row-head").getBoundingClientRect();
          return stage.left >= head.right - 1 && stage.right <= window.innerWidth + 1 &&
            stage.top >= 0 && stage.bottom <= window.innerHeight;
        }""",
        arg=stage_id,
        timeout_ms=LIVE_TIMEOUT_MS,
    )


def test_a_guest_on_a_phone_follows_the_workshop(
    workshop_map, owner, workshop, user_page, browser, browser_context_args, screenshot
):
    stages = list(workshop_map.stages.order_by("position"))
    phone = join_as_guest(
        browser, {**browser_context_args, **PHONE}, workshop.get_join_path(), "Ada"
    )
    expect(phone.locator("#live-status")).to_have_attribute("data-state", "live")
    facilitator = open_map(user_page(owner), workshop_map)

    # No timer, no round: no bar.
    expect(phone.locator("#workshop-bar .bar-inner")).to_have_count(0)
    assert words_broken(phone, ".row-title") == []
    screenshot(phone, "phone-map", full_page=False)

    # The guest reads the bottom of the map when the facilitator starts a timer and a vote.
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    facilitator.locator("#timer-minutes").fill("3")
    facilitator.locator(".timer-start button").click()
    facilitator.locator(".round-start > summary").click()
    facilitator.locator(".round-option button[type=submit]").click()
    bar = phone.locator("#workshop-bar")
    expect(bar.locator(".timer-clock")).to_have_text(
        re.compile(r"0[23]:\d\d"), timeout=LIVE_TIMEOUT_MS
    )
    expect(bar.locator("a[href='#round-panel']")).to_be_visible()
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = bar.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    screenshot(phone, "phone-bar-scrolled", full_page=False)

    # "Your ballot" leads to it; its post-its read in full, without an inner scroll box.
    bar.locator("a[href='#round-panel']").click()
    ballot = phone.locator("#my-ballot .ballot-list")
    expect(ballot.locator(".dot-line")).to_have_count(len(stages))
    assert ballot.evaluate("list => list.scrollHeight <= list.clientHeight + 1")
    card = ballot.locator(".dot-card").first
    assert card.bounding_box()["width"] >= 200
    screenshot(phone, "phone-ballot", full_page=False)

    # The facilitator brings everyone to the fourth stage: it shows whole on the phone.
    target = f"stage-{stages[3].pk}"
    facilitator.locator(f"#{target} .focus-tool").click()
    expect(phone.locator(f"#{target}")).to_have_class(
        re.compile("is-focus"), timeout=LIVE_TIMEOUT_MS
    )
    stage_fully_visible(phone, target)
    screenshot(phone, "phone-focus", full_page=False)
    assert phone.problems == [] and facilitator.problems == []
