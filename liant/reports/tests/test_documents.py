"""Each document rendered for real: its text read back (pypdf, python-docx) and its PDF pages
saved as PNGs under test-artifacts/ for a person to look at."""

import io

import docx
import pytest
from django.utils import translation

from liant.reports.typography import NARROW_NBSP, NBSP

from .conftest import pdf_pages, pdf_text, render, save_pngs
from .world import build_readout, build_workshop

pytestmark = pytest.mark.django_db


def test_minutes_pdf_has_the_cover_boards_votes_canvas_and_photo(owner):
    workshop = build_workshop(owner)
    content, filename = render(owner, "workshop_minutes", workshop.pk, "pdf")
    assert filename == "minutes.pdf" and content.startswith(b"%PDF")
    text = pdf_text(content)
    assert owner.workspace.name in text  # cover and running header
    assert "Séminaire de rentrée" in text
    assert "Réunions trop longues" in text and "Irritants" in text
    assert f"Pourquoi tant d'outils{NARROW_NBSP}?" in text  # French typography
    assert "<b>Outils</b>" in text  # free text shown as typed, never as markup
    assert "Ana" not in text  # anonymous cards
    assert "Réunions 2" in text.split("Rang")[-1]  # the ranked votes table
    assert "Équipe soudée" in text and "Forces" in text  # the SWOT grid
    assert "Fresque du matin" in text  # the photo's caption
    pages = pdf_pages(content)
    assert f"1 / {pages}" not in text  # the cover carries no number…
    assert f"2 / {pages}" in text  # …the other pages do
    pngs = save_pngs(content, "document-minutes")
    assert len(pngs) == pages >= 4


def test_minutes_docx_reads_back_with_the_same_content(owner):
    workshop = build_workshop(owner)
    content, filename = render(owner, "workshop_minutes", workshop.pk, "docx")
    assert filename == "minutes.docx"
    document = docx.Document(io.BytesIO(content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert owner.workspace.name.upper() in paragraphs
    assert "Irritants" in paragraphs and "Réunions trop longues" in paragraphs
    assert f"<b>Outils</b>{NBSP}: trop nombreux" in paragraphs
    assert "Équipe soudée" in cells  # the canvas as a table
    assert "Réunions" in cells and "2" in cells  # the ranked votes
    assert len(document.inline_shapes) == 1  # the photo
    footer = document.sections[-1].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_minutes_in_english_keep_english_typography(owner):
    workshop = build_workshop(owner)
    with translation.override("en"):
        content, _name = render(owner, "workshop_minutes", workshop.pk, "pdf")
    text = pdf_text(content)
    assert "Pourquoi tant d'outils?" in text and "Ranked results" in text


def test_readout_pdf_is_the_public_view(owner):
    readout = build_readout(owner)
    content, filename = render(owner, "readout", readout.mission_id, "pdf")
    assert filename == "readout.pdf"
    text = pdf_text(content)
    assert "Restitution du diagnostic" in text and owner.workspace.name in text
    assert f"Merci à toutes et à tous{NBSP}: 42 entretiens" in text
    assert "Organisation du travail" in text and "Les priorités changent" in text
    assert "Une équipe solidaire" in text
    assert "On ne sait jamais qui décide" in text  # the quotable excerpt
    assert "Commentaire interne" not in text  # no consultant's comment
    assert "1 autre extrait, non cité" in text  # the excerpt that may not be quoted
    assert "Entretien" not in text  # no interview named
    save_pngs(content, "document-readout")


def test_readout_slides_have_a_title_slide_and_one_slide_per_axis(owner):
    from pptx import Presentation

    readout = build_readout(owner)
    content, filename = render(owner, "readout", readout.mission_id, "pptx")
    assert filename == "readout.pptx"
    slides = list(Presentation(io.BytesIO(content)).slides)
    texts = [
        " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in slides
    ]
    assert len(slides) == 2
    assert "Restitution du diagnostic" in texts[0] and owner.workspace.name in texts[0]
    assert "Organisation du travail" in texts[1] and "Les priorités changent" in texts[1]
    assert "On ne sait jamais qui décide" in texts[1]  # a quotable excerpt
    assert "Commentaire interne" not in " ".join(texts)
    assert "2 / 2" in texts[1]
