"""A share link, as its facilitator makes it and as someone without an account opens it."""

from __future__ import annotations

from playwright.sync_api import expect


def test_a_password_link_opened_elsewhere_then_revoked_while_open(
    journey_map, owner, logged_in_page, browser, browser_context_args, screenshot
):
    from maps import services
    from tests.browser.conftest import outside_the_event_loop, watch_page

    facilitator = logged_in_page
    facilitator.goto(journey_map.get_absolute_url())
    facilitator.get_by_role("link", name="Partager").click()
    facilitator.get_by_label("Libellé").fill("Comité de direction")
    facilitator.get_by_label("Mot de passe (facultatif)").fill("baguette")
    facilitator.get_by_role("button", name="Créer le lien").click()
    address = facilitator.locator("#share-address").input_value()
    assert "/s/" in address
    screenshot(facilitator, "share-link-created")

    # Someone else, in a browser of their own with no account.
    context = browser.new_context(**browser_context_args)
    try:
        visitor = context.new_page()
        visitor.problems = watch_page(visitor)
        visitor.goto(address)
        expect(visitor.get_by_role("heading", name="Cette carte partagée demande un mot de passe"))
        visitor.get_by_label("Mot de passe").fill("pain")
        visitor.get_by_role("button", name="Ouvrir la carte").click()
        expect(visitor.get_by_role("alert")).to_contain_text("Ce mot de passe n’est pas le bon.")
        visitor.get_by_label("Mot de passe").fill("baguette")
        visitor.get_by_role("button", name="Ouvrir la carte").click()
        expect(visitor.get_by_role("heading", name="Nell achète une baguette")).to_be_visible()
        expect(visitor.get_by_text("Pas de pain ce soir !")).to_be_visible()
        expect(visitor.locator(".site-nav")).to_have_count(0)
        screenshot(visitor, "share-link-open")

        # A change of the map reaches the open page.
        card = journey_map.cards.get()
        outside_the_event_loop(
            services.item_create,
            user=owner,
            map_id=journey_map.pk,
            kind_name="card",
            data={"text": "Plus de baguettes", "stage": card.stage_id, "lane": card.lane_id},
        )
        expect(visitor.get_by_text("Plus de baguettes")).to_be_visible()

        # The facilitator revokes the link while the page is open.
        facilitator.reload()
        expect(facilitator.locator(".share-links tbody tr")).to_have_count(1)
        expect(facilitator.locator("#share-address")).to_have_count(0)  # shown once
        expect(facilitator.locator(".share-links tbody tr")).to_contain_text("actif")
        facilitator.get_by_role("link", name="Révoquer « Comité de direction »").click()
        facilitator.get_by_role("button", name="Révoquer le lien").click()
        expect(facilitator.locator(".share-links tbody tr")).to_contain_text("révoqué")

        # The open page says so by itself, and the map is gone from it.
        expect(visitor.get_by_role("heading", name="Ce lien ne fonctionne plus")).to_be_visible()
        expect(visitor.get_by_text("L’équipe de la carte a révoqué ce lien")).to_be_visible()
        expect(visitor.get_by_text("Pas de pain ce soir !")).to_have_count(0)
        screenshot(visitor, "share-link-revoked")
        visitor.reload()
        expect(visitor.get_by_role("heading", name="Ce lien ne fonctionne plus")).to_be_visible()
        # The wrong password (422) and the ended link (410) are answers, not failures.
        answers = ("status of 422", "status of 410")
        assert [p for p in visitor.problems if not any(a in p for a in answers)] == []
    finally:
        context.close()
