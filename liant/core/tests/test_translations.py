"""Both catalogues are complete and in step with the code and templates."""

import gettext
import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from liant.core.i18n_catalogues import LOCALE_DIR, catalogue_path

LANGUAGES = ["fr", "en"]


def active_entries(language: str):
    return [e for e in polib.pofile(str(catalogue_path(language))) if not e.obsolete]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalogue = polib.pofile(str(catalogue_path(language)))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    with open(catalogue_path(language).with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in active_entries(language):
        if entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled.gettext(key) == entry.msgstr, f"run `make messages`: {entry.msgid!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    for entry in active_entries(language):
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
            f"{language}: placeholders differ in {entry.msgid!r}"
        )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) not installed")
def test_every_message_of_the_code_is_in_the_catalogues(tmp_path, settings):
    """Extract the ids from a copy of the package and compare with the catalogues."""
    source = LOCALE_DIR.parent
    copy = tmp_path / "liant"
    shutil.copytree(
        source, copy, ignore=shutil.ignore_patterns("locale", "tests", "__pycache__", "*.pyc")
    )
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["fr"], verbosity=0, add_location="never")
    finally:
        os.chdir(cwd)
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    for language in LANGUAGES:
        known = {(e.msgctxt, e.msgid) for e in active_entries(language)}
        missing = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in known]
        assert not missing, f"{language}: run `make messages` and translate: {missing[:20]}"


def test_the_interface_speaks_french_by_default_and_english_on_request(client):
    response = client.get("/accounts/login/")
    assert 'lang="fr"' in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.get("/accounts/login/")
    assert 'lang="en"' in response.content.decode()


def test_path_helpers_point_at_the_package():
    assert Path(LOCALE_DIR).name == "locale"
