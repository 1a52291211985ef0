"""The readout as slides (python-pptx): a title slide in the workspace's colours, one slide
per priority axis with its lists and up to two quotes, slide numbers in the corner."""

from __future__ import annotations

import io

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Pt

from . import branding
from .typography import typeset

QUOTES_PER_SLIDE = 2


def _t(text) -> str:
    return typeset("" if text is None else str(text), get_language() or "fr")


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _number(slide, prs, n: int, total: int) -> None:
    left, top = prs.slide_width - Emu(1_400_000), prs.slide_height - Emu(500_000)
    box = slide.shapes.add_textbox(left, top, Emu(1_200_000), Emu(350_000))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = f"{n} / {total}"
    run.font.size, run.font.color.rgb = Pt(11), _rgb("#4b5a6a")


def readout_pptx(actor, readout, axes) -> bytes:
    prs = Presentation()
    colours = branding.colours(actor.workspace)
    total = len(axes) + 1
    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    background = title_slide.background.fill
    background.solid()
    background.fore_color.rgb = _rgb(colours["accent"])
    title_slide.shapes.title.text = _t(readout.title)
    subtitle = title_slide.placeholders[1]
    subtitle.text = f"{_t(actor.workspace.name)} · {_t(readout.mission)}"
    for shape in (title_slide.shapes.title, subtitle):
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.color.rgb = _rgb(colours["on_accent"])
    logo = branding.logo_path(actor.workspace)
    if logo:  # top left, on a white plate so that any logo reads on any colour
        plate = title_slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Emu(400_000), Emu(300_000), Emu(2_300_000), Emu(1_000_000)
        )
        plate.fill.solid()
        plate.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        plate.line.fill.background()
        picture = title_slide.shapes.add_picture(
            logo, Emu(500_000), Emu(350_000), height=Emu(900_000)
        )
        if picture.width > Emu(2_100_000):  # a wide logo: fit the plate's width instead
            ratio = 2_100_000 / picture.width
            picture.width, picture.height = Emu(2_100_000), Emu(int(picture.height * ratio))
    _number(title_slide, prs, 1, total)
    for index, view in enumerate(axes, start=1):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = _t(view.axis.title)
        slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = _rgb(
            colours["accent_strong"]
        )
        body = slide.placeholders[1].text_frame
        body.clear()
        first = True
        for _kind, label, findings in view.lists:
            if not findings:
                continue
            heading = body.paragraphs[0] if first else body.add_paragraph()
            first = False
            heading.text = str(label)
            heading.runs[0].font.bold = True
            for finding in findings:
                item = body.add_paragraph()
                item.text, item.level = _t(finding.finding.text), 1
        if first:
            body.paragraphs[0].text = _("Nothing written on this axis yet.")
        for quote in view.quotes[:QUOTES_PER_SLIDE]:
            item = body.add_paragraph()
            item.text = _t(f"« {quote} »")
            item.runs[0].font.italic = True
        for paragraph in body.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(16 if paragraph.level else 18)
        _number(slide, prs, index + 1, total)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
