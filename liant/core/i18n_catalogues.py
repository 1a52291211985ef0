"""Keep the French and English catalogues complete.

`make messages` extracts the message ids (English) from the code and templates, then calls
``fill_english`` so the English catalogue is complete by construction; the French one is
translated by hand. A test fails on any untranslated or fuzzy entry in either catalogue.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogue_path(language: str, domain: str = "django") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def fill_english(path: Path) -> int:
    """Message ids are English: the English translation of an id is the id itself."""
    catalogue = polib.pofile(str(path))
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) or entry.fuzzy:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr or entry.fuzzy:
            entry.msgstr = entry.msgid
            filled += 1
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
    catalogue.save()
    return filled


def compile_all() -> None:
    """Compile every catalogue to .mo with polib, so no gettext install is needed."""
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


if __name__ == "__main__":
    if sys.argv[1:] == ["fill-english"]:
        for domain in ("django", "djangojs"):
            path = catalogue_path("en", domain)
            if path.exists():
                print(f"{path}: {fill_english(path)} entries filled")
    compile_all()
