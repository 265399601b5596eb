"""The trash in the Django admin, as an administrator uses it while the map is open."""

from __future__ import annotations

from playwright.sync_api import expect


def test_an_administrator_restores_a_deleted_card_and_the_open_map_shows_it(
    journey_map, owner, logged_in_page, browser, browser_context_args, screenshot
):
    from django.contrib.auth import get_user_model

    from maps import services, snapshots
    from tests.browser.conftest import outside_the_event_loop, watch_page
    from tests.conftest import PASSWORD

    card = journey_map.cards.get()
    outside_the_event_loop(
        services.item_delete, user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    facilitator = logged_in_page
    facilitator.goto(journey_map.get_absolute_url())
    expect(facilitator.get_by_role("heading", name="Nell achète une baguette")).to_be_visible()
    expect(facilitator.get_by_text("Pas de pain ce soir !")).to_have_count(0)

    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    context = browser.new_context(**browser_context_args)
    try:
        admin = context.new_page()
        admin.problems = watch_page(admin)
        admin.goto("/admin/login/?next=/admin/maps/trasheditem/")
        admin.locator("#id_username").fill("root")
        admin.locator("#id_password").fill(PASSWORD)
        admin.locator("#login-form input[type=submit]").click()
        row = admin.locator("#result_list tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Pas de pain ce soir !")
        expect(row).to_contain_text("owner")
        screenshot(admin, "admin-trash-list")

        row.locator("input[name=_selected_action]").check()
        admin.locator("select[name=action]").select_option(label="Restaurer")
        admin.locator("button[name=index]").click()
        expect(admin.locator(".messagelist")).to_contain_text("1 élément restauré sur sa carte.")
        expect(admin.locator("#result_list")).to_have_count(0)  # the trash is empty now
        screenshot(admin, "admin-trash-restored")

        # The facilitator's open map redraws by itself, as after a restore in the app.
        expect(facilitator.get_by_text("Pas de pain ce soir !")).to_be_visible()
        screenshot(facilitator, "admin-trash-restored-map")

        # A snapshot's page sums up what it holds, never its compressed state.
        snapshots.take(journey_map, name="Avant l’atelier", user=owner)
        admin.goto("/admin/maps/snapshot/")
        admin.get_by_role("link", name="Avant l’atelier").click()
        expect(admin.locator(".field-contents")).to_contain_text(
            "Nell achète une baguette — 2 étapes, 1 point de contact, 2 lignes, 1 post-it"
        )
        expect(admin.locator("textarea, input[name=name], input[name=state]")).to_have_count(0)
        screenshot(admin, "admin-snapshot")
    finally:
        context.close()
