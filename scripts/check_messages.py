"""Fails when a translation catalogue is incomplete or its compiled file is stale.

French is the first language of the UI: every message must have a French
translation, none fuzzy, and the committed .mo must match its .po.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def check(language: str, *, complete: bool) -> list[str]:
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    po_path, mo_path = folder / "django.po", folder / "django.mo"
    if not po_path.exists() or not mo_path.exists():
        return [f"{language}: django.po and django.mo are both required"]
    catalogue = polib.pofile(str(po_path))
    problems = []
    if complete:
        problems += [
            f"{language}: untranslated: {e.msgid!r}" for e in catalogue.untranslated_entries()
        ]
        problems += [f"{language}: fuzzy: {e.msgid!r}" for e in catalogue.fuzzy_entries()]
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(mo_path))
    }
    for entry in catalogue.translated_entries():
        expected = (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        if compiled.get((entry.msgctxt, entry.msgid)) != expected:
            problems.append(
                f"{language}: django.mo is stale (run `make messages`): {entry.msgid!r}"
            )
            break
    return problems


if __name__ == "__main__":
    problems = check("fr", complete=True)
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)
