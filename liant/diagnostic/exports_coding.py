"""Exports of the coding (part b of issue 5).

- the codebook as a REFI-QDA codebook (``.qdc``, namespace ``urn:QDA-XML:codebook:1.0``,
  schema http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd): ``CodeBook`` >
  ``Codes`` > ``Code`` (``guid``, ``name``, ``isCodable``, ``color``) with its
  ``Description`` and its sub-codes nested, as Taguette and QualCoder read it;
- the coded excerpts as CSV and XLSX, one row per excerpt and theme. Cells that a
  spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import uuid
import xml.etree.ElementTree as ET

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .selectors_coding import Excerpt, ThemeNode

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
# guid = uuid5(this namespace, "<workspace>/<theme pk>"): stable from one export to the next.
LIANT_NAMESPACE = uuid.UUID("6b1f3c2e-8a54-4d8e-9a51-0c6f4e7d2b19")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def theme_guid(node: ThemeNode) -> str:
    theme = node.theme
    return str(uuid.uuid5(LIANT_NAMESPACE, f"{theme.workspace_id}/{theme.pk}")).upper()


def codebook_qdc(roots: list[ThemeNode]) -> bytes:
    ET.register_namespace("", QDC_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{QDC_NAMESPACE}}}{name}"

    book = ET.Element(tag("CodeBook"), {"origin": "Liant"})
    codes = ET.SubElement(book, tag("Codes"))

    def add(parent: ET.Element, node: ET.Element | ThemeNode) -> None:
        theme = node.theme
        code = ET.SubElement(
            parent,
            tag("Code"),
            {
                "guid": theme_guid(node),
                "name": theme.name,
                "isCodable": "true",
                "color": theme.colour.upper(),
            },
        )
        if theme.description:
            ET.SubElement(code, tag("Description")).text = theme.description
        for child in node.children:
            add(code, child)

    for root in roots:
        add(codes, root)
    ET.indent(book)
    return ET.tostring(book, encoding="utf-8", xml_declaration=True)


def _headers() -> list[str]:
    return [
        _("Theme"),
        _("Excerpt"),
        _("Quotable anonymously"),
        _("Interview"),
        _("Unit"),
        _("Date"),
        _("Guide question"),
        _("Detached from the notes"),
    ]


def _rows(excerpts: list[Excerpt], paths: dict[int, str]) -> list[list[str]]:
    rows = []
    for excerpt in excerpts:
        date = excerpt.interview.scheduled_at
        for theme in sorted(excerpt.themes, key=lambda t: paths.get(t.pk, t.name)):
            rows.append(
                [
                    paths.get(theme.pk, theme.name),
                    excerpt.segment.text,
                    _("yes") if excerpt.segment.quotable else _("no"),
                    excerpt.interview_label,
                    ", ".join(excerpt.units),
                    formats.date_format(date, "SHORT_DATE_FORMAT") if date else "",
                    excerpt.question,
                    _("yes") if excerpt.detached else "",
                ]
            )
    return rows


def neutralise(value: str) -> str:
    """A cell starting like a formula is kept as text (an apostrophe in front)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def segments_csv(excerpts: list[Excerpt], paths: dict[int, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_headers())
    for row in _rows(excerpts, paths):
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + out.getvalue()  # the BOM lets spreadsheets read UTF-8


def segments_xlsx(excerpts: list[Excerpt], paths: dict[int, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Coded excerpts")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(excerpts, paths):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # never a formula, whatever the text starts with
    for column, width in zip("ABCDEFGH", (30, 70, 12, 24, 24, 12, 40, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
