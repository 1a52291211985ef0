"""The documents of the practices, rendered for real from the demo workspace: service promise
and simplified table (PDF, DOCX), action plan (PDF, XLSX), charter (PDF), consultation report
(PDF). Their text is read back (pypdf, python-docx, openpyxl); PDF pages are saved as PNGs
under test-artifacts/ for a person to look at."""

import datetime
import io

import docx
import openpyxl
from django.utils import translation

from liant.charters.models import Document as Charter
from liant.commitments.models import InterfacePromise
from liant.consultations.models import Consultation
from liant.reports.typography import NARROW_NBSP, NBSP
from liant.steering.models import Action, ActionPlan

from .conftest import pdf_pages, pdf_text, render, save_pngs


def docx_text(content: bytes) -> tuple[str, str]:
    document = docx.Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    return paragraphs, cells


def numbered(text: str, pages: int) -> bool:
    """Every page but the cover carries « n / total »."""
    return f"1 / {pages}" not in text and all(f"{n} / {pages}" in text for n in range(2, pages + 1))


def the_promise(actor) -> InterfacePromise:
    return InterfacePromise.objects.select_related("interface").get(
        workspace=actor.workspace,
        interface__provider__name="Logistique",
        interface__client__name="ADV",
    )


def test_service_promise_pdf_has_items_levels_pair_and_raci(demo_owner):
    promise = the_promise(demo_owner)
    content, filename = render(demo_owner, "service_promise", promise.interface_id, "pdf")
    assert filename == "service-promise.pdf"
    text = pdf_text(content)
    assert "Promesse de service de Logistique à ADV" in text
    assert "Ils attendent de nous" in text and "Nous nous engageons à" in text
    assert "Signaler toute rupture de stock" in text
    assert "sous 4 heures ouvrées" in text  # the measurable service level
    assert "Mode de fonctionnement inacceptable" in text
    assert f"Binôme{NBSP}:" in text  # the pair, in French typography
    assert "Matrice RACI" in text and "Annoncer une date de livraison" in text
    assert "/feedback/" not in text  # the counterpart's link is a capability: never printed
    pages = pdf_pages(content)
    assert numbered(text, pages)
    assert len(save_pngs(content, "document-service-promise")) == pages


def test_service_promise_docx_reads_back(demo_owner):
    promise = the_promise(demo_owner)
    content, filename = render(demo_owner, "service_promise", promise.interface_id, "docx")
    assert filename == "service-promise.docx"
    paragraphs, cells = docx_text(content)
    assert "Nous nous engageons à" in paragraphs
    assert "Signaler toute rupture de stock" in paragraphs and "sous 4 heures ouvrées" in paragraphs
    assert "Annoncer une date de livraison" in cells and "AR" in cells  # the RACI table


def test_simplified_table_pdf_and_docx_list_every_interface(demo_owner):
    org = the_promise(demo_owner).interface.organization
    content, filename = render(demo_owner, "service_table", org.pk, "pdf")
    assert filename == "promises.pdf"
    text = pdf_text(content)
    assert f"Promesses de service de {org.name}" in text
    assert "attend de nous" in text and "nous nous engageons à" in text
    assert "Logistique" in text and "Être prévenus dès qu" in text
    assert "Direction générale" in text  # an interface with nothing written yet is listed too
    assert numbered(text, pdf_pages(content))
    save_pngs(content, "document-service-table")
    content, filename = render(demo_owner, "service_table", org.pk, "docx")
    assert filename == "promises.docx"
    _paragraphs, cells = docx_text(content)
    assert "Être prévenus dès qu" in cells and "Direction générale" in cells


def test_action_plan_pdf_has_contents_tree_timeline_and_charts(demo_owner):
    plan = ActionPlan.objects.filter(workspace=demo_owner.workspace, indicators__isnull=False)[0]
    content, filename = render(demo_owner, "action_plan", plan.mission_id, "pdf")
    assert filename == "action-plan.pdf"
    text = pdf_text(content)
    pages = pdf_pages(content)
    assert plan.title in text
    assert "Sommaire" in text  # the table of contents…
    contents = text.split("Sommaire", 1)[1].split("Synthèse", 2)[1]
    assert "Calendrier" in contents and "Indicateurs" in contents  # …with its page numbers
    for action in Action.objects.filter(plan=plan).exclude(objective=None)[:5]:
        assert action.title[:30] in text
    assert "Calendrier" in text and "Jalon" in text  # the timeline and its legend
    for indicator in plan.indicators.all():
        assert indicator.name in text
    assert "Valeurs mesurées" in text  # a chart's legend (pygal, in the PDF as an image)
    assert numbered(text, pages)
    assert len(save_pngs(content, "document-action-plan")) == pages


def test_action_plan_xlsx_has_typed_sheets_frozen_headers_and_filters(demo_owner):
    plan = ActionPlan.objects.filter(workspace=demo_owner.workspace, indicators__isnull=False)[0]
    trap = Action.objects.filter(plan=plan).exclude(objective=None).first()
    Action.objects.filter(pk=trap.pk).update(title='=HYPERLINK("http://x.example","clic")')
    content, filename = render(demo_owner, "action_plan", plan.mission_id, "xlsx")
    assert filename == "action-plan.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Axes", "Objectifs", "Actions", "Indicateurs", "Mesures"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold
        assert all(sheet.column_dimensions[c].width >= 8 for c in "AB")
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    assert header[:6] == ["Axe", "Objectif", "Action", "Propriétaire", "Date de début", "Échéance"]
    rows = list(actions.iter_rows(min_row=2, values_only=True))
    assert len(rows) == Action.objects.filter(plan=plan).count()
    due = [r[5] for r in rows if r[5] is not None]
    assert due and all(isinstance(d, datetime.datetime) for d in due)  # real dates
    assert actions.cell(row=2, column=6).number_format == "DD/MM/YYYY"
    trap_cell = next(c for c in actions["C"] if c.value and str(c.value).startswith("=HYPER"))
    assert trap_cell.data_type == "s"  # typed text stays text, never a formula
    measures = list(book["Mesures"].iter_rows(min_row=2, values_only=True))
    assert measures and all(isinstance(m[2], int | float) for m in measures)  # numbers
    indicators = {r[0] for r in book["Indicateurs"].iter_rows(min_row=2, values_only=True)}
    assert indicators == set(plan.indicators.values_list("name", flat=True))


def test_charter_pdf_prints_the_published_version(demo_owner):
    charter = Charter.objects.get(workspace=demo_owner.workspace, published_version__isnull=False)
    content, filename = render(demo_owner, "charter", charter.pk, "pdf")
    assert filename == "charter.pdf"
    text = pdf_text(content)
    number = charter.published_version.number
    assert charter.title in text and f"Version {number}, publiée le" in text
    for clause in charter.published_version.clauses.all():
        assert clause.title in text
    assert "Version de travail" not in text
    assert numbered(text, pdf_pages(content))
    save_pngs(content, "document-charter")


def test_an_unpublished_charter_prints_its_latest_version_marked_as_such(demo_owner):
    charter = Charter.objects.get(workspace=demo_owner.workspace, published_version__isnull=False)
    Charter.objects.filter(pk=charter.pk).update(published_version=None, stage="review")
    charter.refresh_from_db()
    with translation.override("en"):
        content, _name = render(demo_owner, "charter", charter.pk, "pdf")
    text = pdf_text(content)
    latest = charter.versions.order_by("-number").first().number
    assert f"Version {latest} — Amendments under review, not published" in text
    assert "Working version: not published yet." in text


def test_consultation_report_pdf_has_the_map_groups_and_statements(demo_owner):
    consultation = Consultation.objects.get(workspace=demo_owner.workspace)
    content, filename = render(demo_owner, "consultation_report", consultation.pk, "pdf")
    assert filename == "consultation.pdf"
    text = pdf_text(content)
    assert consultation.title in text and consultation.question.rstrip("?").strip() in text
    assert "Consensus entre les groupes" in text and "Opinions majoritaires" in text
    assert "Groupe A" in text and "Groupe B" in text
    assert "Carte des opinions" in text  # the map's caption
    assert f"% d{chr(8217)}accord" in text or "% d'accord" in text
    assert NARROW_NBSP + "?" in text  # the question, in French typography
    save_pngs(content, "document-consultation-report")
