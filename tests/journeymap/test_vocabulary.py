"""The French words of the domain stay distinct.

"Note" once named both a card and a score, and "carte" both a map and a card.
Now a journey map is a "carte", a card of a lane a "post-it" and what a
participant gives a touchpoint in silent scoring a "score" (docs/glossary.md).
"""

import dataclasses
import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# A card of a lane; a persona's card is a "fiche", another thing.
CARD = re.compile(r"(?<!persona's )\bcards?\b", re.IGNORECASE)
MAP = re.compile(r"\bmaps?\b", re.IGNORECASE)
SCORE = re.compile(r"\bscor(e|es|ed|ing)\b", re.IGNORECASE)
CARTE = re.compile(r"\bcartes?\b", re.IGNORECASE)
NOTE = re.compile(r"\bnot(e|es|er|ez|é|ée|és|ées|ation|ations)\b", re.IGNORECASE)


def messages() -> list[tuple[str, list[str]]]:
    """Each English source (singular and plural) with its French translations."""
    catalogue = polib.pofile(str(CATALOGUE))
    return [
        (
            " / ".join(filter(None, [entry.msgid, entry.msgid_plural])),
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr],
        )
        for entry in catalogue
        if entry.msgid
    ]


def speaks_of_a_card_as_post_it(source: str, french: str) -> bool:
    # "carte" is left for the map: only as often as the English says "map".
    maps = len(MAP.findall(source))
    return "post-it" in french.lower() and len(CARTE.findall(french)) <= maps


def test_a_card_is_a_post_it_in_french():
    wrong = [
        (source, french)
        for source, translations in messages()
        if CARD.search(source)
        for french in translations
        if not speaks_of_a_card_as_post_it(source, french)
    ]
    assert wrong == []


def test_a_score_is_never_a_note_in_french():
    wrong = [
        (source, french)
        for source, translations in messages()
        if SCORE.search(source)
        for french in translations
        if NOTE.search(french)
    ]
    assert wrong == []


def test_the_catalogue_speaks_of_cards_and_scores():
    # Guards the two tests above against a catalogue they would read as empty.
    sources = [source for source, _ in messages()]
    assert sum(bool(CARD.search(source)) for source in sources) > 20
    assert sum(bool(SCORE.search(source)) for source in sources) > 10


def demo_texts(value) -> list[str]:
    """Every text of the demo content, however deeply it sits."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in demo_texts(item)]
    return []


def test_the_demo_content_says_carte_only_for_a_bank_card_and_never_note():
    # The demo is the first thing a facilitator reads: its cards and personas
    # must not borrow the words of the map or of the scores either.
    from maps import demo_content

    texts = demo_texts([demo_content.PERSONAS, demo_content.MAPS])
    assert len(texts) > 100
    assert [text for text in texts if NOTE.search(text)] == []
    assert [text for text in texts if CARTE.search(text.replace("carte bancaire", ""))] == []
