"""DOCX documents with python-docx: the same content and typography as the PDF templates,
a cover with the workspace's logo and colours, and page numbers in the footer."""

from __future__ import annotations

import io
import re

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import branding
from .typography import typeset

_AREA = re.compile(r"cv-c(\d+) cv-r(\d+) cv-w(\d+) cv-h(\d+)")


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _t(text) -> str:
    return typeset("" if text is None else str(text), get_language() or "fr")


class Writer:
    def __init__(self, actor, title: str, subtitle: str):
        self.doc = new_docx()
        self.colours = branding.colours(actor.workspace)
        style = self.doc.styles["Normal"]
        style.font.name = "DejaVu Sans"
        style.font.size = Pt(10.5)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            self.doc.styles[name].font.color.rgb = _rgb(self.colours["accent_strong"])
        self._cover(actor, title, subtitle)

    def _cover(self, actor, title: str, subtitle: str) -> None:
        doc = self.doc
        logo = branding.logo_path(actor.workspace)
        if logo:
            doc.add_picture(logo, height=Cm(2.2))
        workspace = doc.add_paragraph()
        run = workspace.add_run(_t(actor.workspace.name).upper())
        run.font.size, run.font.color.rgb = Pt(13), _rgb(self.colours["accent"])
        workspace.paragraph_format.space_before = Cm(3 if logo else 6)
        doc.add_paragraph(_t(title), style="Title")
        if subtitle:
            sub = doc.add_paragraph().add_run(_t(subtitle))
            sub.font.size = Pt(14)
        date = formats.date_format(timezone.localtime(), "j F Y")
        note = doc.add_paragraph().add_run(_("Generated with Liant on %(date)s") % {"date": date})
        note.font.size, note.font.color.rgb = Pt(9), _rgb("#4b5a6a")
        # The body starts on a new page, whose footer carries the page numbers.
        doc.add_section(WD_SECTION.NEW_PAGE)
        body = doc.sections[-1]
        body.different_first_page_header_footer = False
        body.footer.is_linked_to_previous = False
        footer = body.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE")
        footer.add_run(" / ")
        _field(footer, "NUMPAGES")

    def heading(self, text, level: int) -> None:
        self.doc.add_heading(_t(text), level=level)

    def paragraph(self, text, *, muted: bool = False, italic: bool = False) -> None:
        run = self.doc.add_paragraph().add_run(_t(text))
        run.italic = italic
        if muted:
            run.font.color.rgb = _rgb("#7b8794")

    def bullets(self, texts) -> None:
        for text in texts:
            self.doc.add_paragraph(_t(text), style="List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = _t(text)
            cell.paragraphs[0].runs[0].bold = True
            _shade(cell, self.colours["accent_soft"])
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = _t(text)

    def picture(self, path: str, caption: str) -> None:
        from PIL import Image

        # python-docx reads JPEG and PNG only: every photo is written as PNG.
        with Image.open(path) as image:
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG")
        buffer.seek(0)
        self.doc.add_picture(buffer, width=Cm(16))
        if caption:
            self.paragraph(caption, muted=True)

    def canvas(self, columns: int, zones) -> None:
        """A canvas as a table: one cell per zone, merged over the zone's width and height."""
        places = []
        for zone in zones:
            match = _AREA.search(zone.area)
            if match:
                places.append((zone, *(int(n) for n in match.groups())))
        if not places:
            return
        rows = max(row + height - 1 for _z, _c, row, _w, height in places)
        table = self.doc.add_table(rows=rows, cols=columns, style="Table Grid")
        for zone, col, row, width, height in places:
            cell = table.cell(row - 1, col - 1)
            end = table.cell(row + height - 2, col + width - 2)
            if end._tc is not cell._tc:
                cell = cell.merge(end)
            cell.paragraphs[0].add_run(_t(zone.title)).bold = True
            for cluster, cards in zone.groups:
                cell.add_paragraph().add_run(_t(cluster.title or _("Untitled group"))).italic = True
                for card in cards:
                    cell.add_paragraph("• " + _t(card.text))
            for card in zone.cards:
                cell.add_paragraph("• " + _t(card.text))
        self.doc.add_paragraph()

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _shade(cell, hex_colour: str) -> None:
    """A table cell's background (python-docx has no API for it)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def minutes_docx(actor, title: str, subtitle: str, data: dict) -> bytes:
    writer = Writer(actor, title, subtitle)
    workshop = data["workshop"]
    for index, minutes in enumerate(data["boards"]):
        if index:
            writer.page_break()
        writer.heading(minutes.board.title, 1)
        if minutes.host:
            writer.paragraph(f"{_('host:')} {minutes.host}", muted=True)
        if minutes.zones:
            writer.canvas(minutes.board.grid_columns, minutes.zones)
        else:
            for cluster, cards in minutes.clusters:
                writer.heading(cluster.title or _("Untitled group"), 2)
                writer.bullets(card.text for card in cards)
            for column_title, cards in minutes.columns:
                if cards:
                    writer.heading(column_title, 2)
                    writer.bullets(
                        f"{card.text} — {card.author.pseudonym}"
                        if workshop.signed_cards and card.author.pseudonym
                        else card.text
                        for card in cards
                    )
        if minutes.ranking:
            writer.heading(_("Ranked results"), 2)
            writer.table(
                [_("Rank"), _("Item"), _("Votes")],
                [
                    [f"{rank} ({_('tie')})" if tied else str(rank), text, str(count)]
                    for rank, text, count, tied in minutes.ranked
                ],
            )
    open_space = data["open_space"]
    if open_space is not None:
        writer.page_break()
        writer.heading(f"{_('Open Space')} — {open_space.theme}", 1)
        for session in open_space.sessions:
            where = " · ".join(part for part in (session.slot, session.room) if part)
            writer.heading(f"{where} — {session.title}", 2)
            cards = session.cards
            if not cards:
                writer.paragraph(_("No notes."), muted=True)
            writer.bullets(f"{heading} : {card.text}" for heading, card in cards)
    if data["photos"]:
        writer.page_break()
        writer.heading(_("Photos"), 1)
        for photo in data["photos"]:
            writer.picture(photo.image.path, photo.caption)
    if not data["boards"] and open_space is None and not data["photos"]:
        writer.paragraph(_("No board yet."), muted=True)
    return writer.save()
