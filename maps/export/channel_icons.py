"""Which icon a touchpoint's channel gets on paper.

Channels are free text ("Site web", "Boulangerie", "Appel au SAV"): the icon
comes from the words in it, in French or English, and falls back to a plain
dot. Order matters: "boutique en ligne" is the web, not a shop.
"""

from __future__ import annotations

import unicodedata

ICON_WORDS: dict[str, tuple[str, ...]] = {
    "web": ("en ligne", "online", "site", "web", "internet", "google", "compar", "e-commerce"),
    "mobile": ("appli", "app ", "mobile", "smartphone", "sms", "notification"),
    "phone": ("telephon", "phone", "appel", "call", "hotline", " sav"),
    "email": ("mail", "newsletter", "courriel", "courrier", "lettre"),
    "social": (
        "reseau",
        "social",
        "facebook",
        "instagram",
        "linkedin",
        "tiktok",
        "twitter",
        "avis",
        "review",
        "forum",
        "blog",
        "bouche",
        "word of mouth",
        "chat",
        " ami",
        "friend",
    ),
    "ads": (
        "pub",
        "affich",
        "tele",
        " tv",
        "radio",
        "media",
        "advert",
        "campagne",
        "catalogue",
        "prospectus",
        "flyer",
        "salon",
    ),
    "shop": (
        "magasin",
        "boutique",
        "shop",
        "store",
        "agence",
        "caisse",
        "comptoir",
        "vitrine",
        "boulanger",
        "file",
        "queue",
        "rayon",
        "guichet",
        "point de vente",
        "livraison",
    ),
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def channel_icon(channel: str) -> str:
    words = f" {_plain(channel)} "
    for icon, needles in ICON_WORDS.items():
        if any(needle in words for needle in needles):
            return icon
    return "other"
