"""Coding interview notes in a real browser: a consultant builds a codebook of three themes
(one of them a sub-theme), codes two passages of an interview's notes (with the mouse, then
with the keyboard; one passage with two themes), sees the theme view with its counts and the
frequency table, searches the notes and downloads the REFI-QDA codebook."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liant.conftest import session_cookie
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, PersonFactory, UnitFactory, make_actor
from liant.diagnostic.exports_coding import QDC_NAMESPACE
from liant.diagnostic.models import CodedSegment

from .factories import (
    GuideQuestionFactory,
    GuideSectionFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = (
    "Les outils changent tous les six mois et personne n’est formé. On apprend sur le tas, "
    "entre deux dossiers urgents."
)
SECOND = "La charge de travail a doublé depuis la réorganisation ; on ne voit plus nos clients."


@pytest.fixture
def setup(page, live_server):
    consultant = make_actor(role=Role.CONSULTANT)
    mission = MissionFactory(
        organization__workspace=consultant.workspace, title="Diagnostic de la DRH"
    )
    org = mission.organization
    paie = UnitFactory(organization=org, name="Service paie")
    person = PersonFactory(organization=org, unit=paie, name="Claire Dubois", title="Gestionnaire")
    campaign = InterviewCampaignFactory(mission=mission, title="Entretiens de printemps")
    section = GuideSectionFactory(campaign=campaign, title="Votre quotidien")
    q1 = GuideQuestionFactory(section=section, text="Quels outils utilisez-vous ?", position=1)
    q2 = GuideQuestionFactory(section=section, text="Comment va la charge de travail ?", position=2)
    interview = InterviewFactory(
        campaign=campaign,
        label="Entretien paie 1",
        people=[person],
        status="done",
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0)),
    )
    NoteFactory(interview=interview, question=q1, text=FIRST)
    NoteFactory(interview=interview, question=q2, text=SECOND)
    page.context.add_cookies([session_cookie(consultant.user, live_server.url)])
    return {"mission": mission, "campaign": campaign, "interview": interview}


def add_theme(page, name, *, parent=None, colour=None, description=""):
    form = page.locator("form", has=page.get_by_role("button", name="Ajouter le thème"))
    form.get_by_label("Nom").fill(name)
    if parent:
        form.get_by_label("Place dans la grille de codage").select_option(label=parent)
    if colour:
        form.locator(f"input[name=colour][value='{colour}']").check()
    form.get_by_label("Description").fill(description)
    form.get_by_role("button", name="Ajouter le thème").click()
    page.wait_for_selector(f"text=Thème « {name} » ajouté.".replace(" ", "\u00a0", 0))


def char_box(page, note_index, offset):
    """The on-screen box of one character of a note (for the mouse)."""
    return page.evaluate(
        """([index, offset]) => {
            const box = document.querySelectorAll('.cd-text')[index];
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node, left = offset;
            while ((node = walker.nextNode())) {
              if (left < node.length) break;
              left -= node.length;
            }
            const range = document.createRange();
            range.setStart(node, left);
            range.setEnd(node, left + 1);
            const r = range.getBoundingClientRect();
            return {x: r.left, y: r.top + r.height / 2, w: r.width};
        }""",
        [note_index, offset],
    )


def test_code_interview_notes(page, setup, screenshot, tmp_path):
    mission, campaign = setup["mission"], setup["campaign"]
    base = f"/missions/{mission.pk}/diagnostic/campaigns/{campaign.pk}/coding/"

    # From the diagnostic page to the empty codebook.
    page.goto(f"/missions/{mission.pk}/diagnostic/")
    page.get_by_role("link", name="Grille de codage et codage · Entretiens de printemps").click()
    page.wait_for_selector("text=Aucun thème pour l’instant.")

    # Three themes, one of them under another, one in a custom colour.
    add_theme(page, "Outils", colour="#0072b2", description="Logiciels, matériel, accès.")
    add_theme(page, "Formation", parent="Outils", colour="#e69f00")
    form = page.locator("form", has=page.get_by_role("button", name="Ajouter le thème"))
    form.get_by_label("Nom").fill("Charge de travail")
    form.locator("input[name=colour][value=custom]").check()
    form.get_by_label("Couleur personnalisée").fill("#8e2c6b")
    form.get_by_role("button", name="Ajouter le thème").click()
    page.wait_for_selector(".cd-tree-item >> text=Charge de travail")
    assert page.locator(".cd-subtree .cd-theme-name").all_inner_texts() == ["Formation"]
    # A duplicate name gets a clear message.
    form = page.locator("form", has=page.get_by_role("button", name="Ajouter le thème"))
    form.get_by_label("Nom").fill("outils")
    form.get_by_role("button", name="Ajouter le thème").click()
    page.wait_for_selector("text=Un autre thème principal porte déjà ce nom.")
    page.goto(base)
    screenshot("diagnostic-b-01-codebook")

    # Open the interview's notes.
    page.get_by_role("link", name="Entretien paie 1").click()
    page.wait_for_selector(".cd-text")
    assert page.locator(".cd-text").first.inner_text() == FIRST

    # Passage 1, with the mouse: "personne n’est formé", coded Outils + Formation, quotable.
    start = FIRST.index("personne")
    end = FIRST.index("formé") + len("formé")
    a, b = char_box(page, 0, start), char_box(page, 0, end - 1)
    page.mouse.move(a["x"] + 1, a["y"])
    page.mouse.down()
    page.mouse.move(b["x"] + b["w"] - 1, b["y"], steps=5)
    page.mouse.up()
    code = page.get_by_role("button", name="Coder la sélection")
    expect(code).to_be_enabled()  # the page reacts to the selection a moment later
    code.click()
    filter_box = page.get_by_placeholder("Filtrer les thèmes…")
    assert page.locator("#cd-quote").inner_text() == "personne n’est formé"
    filter_box.fill("outi")
    filter_box.press("Enter")
    filter_box.fill("FORMA")
    filter_box.press("Enter")
    page.get_by_label("Citable anonymement (dans la restitution)").check()
    screenshot("diagnostic-b-02-coding-popover")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("#cd-status >> text=Extrait codé.")

    # Passage 2, with the keyboard: caret before "charge", then Shift + → over two words.
    second = page.locator(".cd-text").nth(1)
    second.click()
    page.evaluate(
        """(offset) => {
            const box = document.querySelectorAll('.cd-text')[1];
            const text = box.firstChild;
            document.getSelection().collapse(text, offset);
        }""",
        SECOND.index("charge"),
    )
    for _ in range(len("charge de travail")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")  # opens the editor on the selection
    assert page.locator("#cd-quote").inner_text() == "charge de travail"
    page.keyboard.type("charge")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("#cd-status >> text=Extrait codé.")
    assert page.locator("mark.cd-hl").count() == 2
    assert page.locator(".cd-seg").count() == 2
    segments = {s.text: sorted(t.name for t in s.themes.all()) for s in CodedSegment.objects.all()}
    assert segments == {
        "personne n’est formé": ["Formation", "Outils"],
        "charge de travail": ["Charge de travail"],
    }
    assert CodedSegment.objects.get(text="personne n’est formé").quotable
    page.mouse.move(0, 0)
    screenshot("diagnostic-b-03-coded-notes")

    # Clicking a highlight opens the excerpt; saving with no theme is refused.
    page.locator("mark.cd-hl").first.click()
    assert page.locator("#cd-editor-title").inner_text() == "Extrait codé"
    page.locator("#cd-picker input:checked").first.uncheck()
    page.locator("#cd-picker input:checked").first.uncheck()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("#cd-error >> text=Choisissez au moins un thème.")
    page.get_by_role("button", name="Annuler").click()

    # Theme view of "Outils", with its sub-theme.
    page.goto(base)
    page.locator(".cd-theme-name", has_text="Outils").click()
    page.wait_for_selector(".cd-excerpt")
    assert page.locator(".figure-value").all_inner_texts() == ["1", "1", "1"]
    assert "personne n’est formé" in page.locator(".cd-excerpt strong").inner_text()
    assert "Claire Dubois" not in page.locator(".cd-excerpts").inner_text()
    screenshot("diagnostic-b-04-theme-view")

    # Frequency by unit and by role.
    page.get_by_role("link", name="Fréquence par unité et par fonction").click()
    table = page.locator("table.cd-freq").first
    assert table.locator("thead th").all_inner_texts()[1] == "SERVICE PAIE" or "paie" in (
        table.locator("thead th").all_inner_texts()[1].lower()
    )
    rows = {
        row.locator("th").inner_text().strip(): row.locator("td").first.inner_text()
        for row in table.locator("tbody tr").all()
    }
    assert rows == {"Outils": "1", "Formation": "1", "Charge de travail": "1"}
    screenshot("diagnostic-b-05-frequency")

    # Search, accents and case ignored.
    page.get_by_role("link", name="Rechercher dans les notes").click()
    page.get_by_label("Mots à trouver").fill("REORGANISATION")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_selector("mark.cd-match")
    assert page.locator("mark.cd-match").inner_text() == "réorganisation"
    screenshot("diagnostic-b-06-search")

    # The REFI-QDA codebook.
    page.goto(base)
    with page.expect_download() as info:
        page.get_by_role("link", name="Grille de codage (.qdc)").click()
    path = tmp_path / "codebook.qdc"
    info.value.save_as(path)
    book = ET.parse(path).getroot()  # noqa: S314 (our own output)
    ns = {"q": QDC_NAMESPACE}
    names = [c.get("name") for c in book.findall("q:Codes/q:Code", ns)]
    assert sorted(names) == ["Charge de travail", "Outils"]
    outils = next(c for c in book.findall("q:Codes/q:Code", ns) if c.get("name") == "Outils")
    assert [c.get("name") for c in outils.findall("q:Code", ns)] == ["Formation"]
    assert outils.find("q:Description", ns).text == "Logiciels, matériel, accès."


def test_three_levels_detached_excerpts_and_markup_shown_as_text(page, setup, screenshot):
    from .factories import CodedSegmentFactory, ThemeFactory

    mission, campaign, interview = setup["mission"], setup["campaign"], setup["interview"]
    base = f"/missions/{mission.pk}/diagnostic/campaigns/{campaign.pk}/coding/"
    organisation = ThemeFactory(campaign=campaign, name="Organisation", colour="#6a3d9a")
    meetings = ThemeFactory(campaign=campaign, name="Réunions", parent=organisation,
                            colour="#56b4e9", description="Fréquence, durée, utilité.")  # fmt: skip
    ThemeFactory(campaign=campaign, name="Trop longues", parent=meetings, colour="#d55e00")
    free = NoteFactory(
        interview=interview, question=None,
        text='Réunions <b>interminables</b> & <img src=x onerror="alert(1)"> le lundi.',
    )  # fmt: skip
    CodedSegmentFactory(note=free, start=0, end=8, themes=[meetings])
    # An excerpt whose passage was rewritten afterwards: shown detached, with its quote.
    CodedSegmentFactory(
        note=free, start=0, end=20, text="Phrase effacée depuis", themes=[organisation]
    )

    page.goto(base)
    assert page.locator(".cd-subtree .cd-subtree .cd-theme-name").all_inner_texts() == [
        "Trop longues"
    ]
    screenshot("diagnostic-b-07-three-levels")

    page.goto(f"{base}interviews/{interview.pk}/")
    text = page.locator(f'.cd-text[data-note="{free.pk}"]')
    assert text.inner_text() == free.text
    assert text.locator("b, img").count() == 0
    assert text.locator("mark.cd-hl").inner_text() == "Réunions"
    detached = page.locator(".cd-detached")
    assert "Phrase effacée depuis" in detached.inner_text()
    assert "Détaché" in detached.inner_text()
    # The detached excerpt can still be opened and removed.
    page.on("dialog", lambda dialog: dialog.accept())
    detached.get_by_role("button", name="Modifier").click()
    assert page.locator("#cd-quote").inner_text() == "Phrase effacée depuis"
    screenshot("diagnostic-b-08-detached")
    page.get_by_role("button", name="Retirer cet extrait").click()
    page.wait_for_selector("#cd-status >> text=Extrait retiré.")
    assert page.locator(".cd-detached").count() == 0
    assert not CodedSegment.objects.filter(text="Phrase effacée depuis").exists()
