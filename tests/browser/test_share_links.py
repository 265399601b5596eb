"""A share link, as its facilitator makes it and as someone without an account opens it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
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


def test_a_password_added_while_the_page_is_open_shuts_it(
    journey_map, owner, logged_in_page, browser, browser_context_args, screenshot
):
    from maps import share_links

    link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Agence", password="", expires_on=None
    )
    context = browser.new_context(**browser_context_args)
    try:
        visitor = context.new_page()
        visitor.goto(f"/s/{token}/")
        expect(visitor.get_by_text("Pas de pain ce soir !")).to_be_visible()
        # The PDF is not offered: this link does not allow it.
        expect(visitor.get_by_role("button", name="Télécharger le PDF")).to_have_count(0)

        facilitator = logged_in_page
        facilitator.goto(f"/maps/{journey_map.pk}/share/")
        row = facilitator.locator(f"#share-link-{link.pk}")
        expect(row).to_contain_text("non")
        facilitator.get_by_role("link", name="Modifier « Agence »").click()
        expect(
            facilitator.get_by_role("heading", name="Modifier le lien « Agence »")
        ).to_be_visible()
        facilitator.get_by_label("Mot de passe (facultatif)").fill("baguette")
        screenshot(facilitator, "share-link-edit")
        facilitator.get_by_role("button", name="Enregistrer le lien").click()
        expect(facilitator.get_by_text("Le lien « Agence » est enregistré.")).to_be_visible()
        expect(row.locator("td").nth(3)).to_have_text("oui")

        # The open page loses the map at once, and asks for the password on reload.
        expect(visitor.get_by_text("Ce lien demande maintenant son mot de passe")).to_be_visible()
        expect(visitor.get_by_text("Pas de pain ce soir !")).to_have_count(0)
        screenshot(visitor, "share-link-password-added")
        visitor.reload()
        expect(
            visitor.get_by_role("heading", name="Cette carte partagée demande un mot de passe")
        ).to_be_visible()
    finally:
        context.close()


def test_the_pdf_through_a_link_that_allows_it(
    journey_map, owner, logged_in_page, browser, browser_context_args, screenshot
):
    from maps import share_links

    link, token = share_links.link_create(
        user=owner, journey_map=journey_map, label="Direction", password="", expires_on=None
    )
    # The facilitator allows the PDF on the link's edit page.
    facilitator = logged_in_page
    facilitator.goto(f"/maps/{journey_map.pk}/share/{link.pk}/edit/")
    facilitator.get_by_label("Autoriser le téléchargement du PDF de la carte").check()
    last_day = (timezone.localdate() + timedelta(days=30)).isoformat()
    facilitator.get_by_label("Expire après le (facultatif)").fill(last_day)
    facilitator.get_by_role("button", name="Enregistrer le lien").click()
    expect(facilitator.locator(f"#share-link-{link.pk} td").nth(4)).to_have_text("autorisé")
    # Opened again, the form shows the day it was given.
    facilitator.get_by_role("link", name="Modifier « Direction »").click()
    expect(facilitator.get_by_label("Expire après le (facultatif)")).to_have_value(last_day)

    context = browser.new_context(**{**browser_context_args, "accept_downloads": True})
    try:
        visitor = context.new_page()
        visitor.goto(f"/s/{token}/")
        button = visitor.get_by_role("button", name="Télécharger le PDF")
        expect(button).to_be_visible()
        screenshot(visitor, "share-link-with-pdf")
        button.click()
        # The render takes a moment: the page says so, then offers the file.
        ready = visitor.get_by_role("link", name="Télécharger le PDF")
        expect(ready).to_be_visible(timeout=60_000)
        screenshot(visitor, "share-link-pdf-ready")
        with visitor.expect_download() as download_info:
            ready.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        with open(download.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        visitor.get_by_role("link", name="Retour à la carte").click()
        expect(visitor.get_by_text("Pas de pain ce soir !")).to_be_visible()
    finally:
        context.close()


def test_viewers_of_two_links_all_see_a_change_rendered_once(
    journey_map, owner, browser, browser_context_args, screenshot, monkeypatch
):
    """The map's part of the shared page is rendered once per revision for every viewer of
    every link (maps/shared_render.py); each page keeps its own link's addresses."""
    from maps import services, share_links, shared_render
    from tests.browser.conftest import outside_the_event_loop, watch_page

    renders = []
    real = shared_render._render

    def counted(journey_map):
        renders.append(journey_map.revision)
        return real(journey_map)

    monkeypatch.setattr(shared_render, "_render", counted)
    _one, one = share_links.link_create(
        user=owner, journey_map=journey_map, label="Comité", password="", expires_on=None
    )
    _two, two = share_links.link_create(
        user=owner,
        journey_map=journey_map,
        label="Direction",
        password="",
        expires_on=None,
        allow_pdf=True,
    )
    contexts = [browser.new_context(**browser_context_args) for _ in range(3)]
    try:
        viewers = []
        for context, token in zip(contexts, (one, two, two), strict=True):
            viewer = context.new_page()
            viewer.problems = watch_page(viewer)
            viewer.goto(f"/s/{token}/")
            expect(viewer.get_by_text("Pas de pain ce soir !")).to_be_visible()
            viewers.append(viewer)
        assert len(renders) == 1
        card = journey_map.cards.get()
        outside_the_event_loop(
            services.item_create,
            user=owner,
            map_id=journey_map.pk,
            kind_name="card",
            data={"text": "Plus de baguettes", "stage": card.stage_id, "lane": card.lane_id},
        )
        for viewer in viewers:
            expect(viewer.get_by_text("Plus de baguettes")).to_be_visible()
        assert len(renders) == 2
        # Each page its own link: the PDF button for the link that offers it only.
        expect(viewers[0].get_by_role("button", name="Télécharger le PDF")).to_have_count(0)
        expect(viewers[1].get_by_role("button", name="Télécharger le PDF")).to_be_visible()
        expect(viewers[0].get_by_role("link", name="Présenter")).to_have_attribute(
            "href", f"/s/{one}/present/"
        )
        screenshot(viewers[0], "shared-map-after-change-link-one")
        screenshot(viewers[2], "shared-map-after-change-link-two")
        for viewer in viewers:
            assert viewer.problems == []
    finally:
        for context in contexts:
            context.close()
