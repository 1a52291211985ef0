"""The action plan as a workbook (openpyxl): one sheet per level — axes, objectives, actions,
indicators, measurements — each with a frozen header in the workspace's colour, filters,
readable widths, and dates and numbers as real dates and numbers (so that a consultant can
sort and compute on them). Free text is always written as text, never as a formula."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import branding

DATE_FORMAT = "DD/MM/YYYY"
MAX_WIDTH = 60
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(text: str) -> str:
    return str(text).translate(_SHEET_NAME_FORBIDDEN)[:31]


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return None
    if isinstance(value, datetime.date | int | float):
        return value
    return str(value)


def add_sheet(workbook, title: str, header: list[str], rows, colours: dict, widths=None):
    """One sheet: styled, frozen, filterable header; dates formatted; text kept as text."""
    sheet = workbook.create_sheet(_sheet_name(title))
    sheet.append([str(h) for h in header])
    fill = PatternFill("solid", fgColor=colours["accent"].lstrip("#").upper())
    font = Font(bold=True, color=colours["on_accent"].lstrip("#").upper())
    for cell in sheet[1]:
        cell.fill, cell.font = fill, font
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    lengths = [len(str(h)) for h in header]
    for row in rows:
        values = [_cell_value(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            cell = sheet.cell(row=sheet.max_row, column=index + 1)
            if isinstance(value, str):
                cell.data_type = "s"  # "=…" typed by a person stays text
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            width = 11 if isinstance(value, datetime.date) else len(str(value or ""))
            lengths[index] = max(lengths[index], width)
    for index, length in enumerate(lengths, start=1):
        wanted = (widths or {}).get(index) or min(max(length + 2, 8), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = wanted
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 2)}"
    return sheet


def plan_workbook(actor, plan, data: dict) -> bytes:
    colours = branding.colours(actor.workspace)
    workbook = Workbook()
    workbook.remove(workbook.active)
    tree = data["tree"]
    today = data["today"]

    axes_rows = []
    objective_rows = []
    action_rows = []
    for position, view in enumerate(tree, start=1):
        axis_title = view.axis.title if view.axis else _("Actions without an objective")
        actions = [a for o in view.objectives for a in o.actions] + view.loose
        if view.axis:
            axes_rows.append(
                [position, axis_title, view.axis.description, len(view.objectives), len(actions)]
            )
        for objective_view in view.objectives:
            objective = objective_view.objective
            objective_rows.append([
                axis_title, objective.title, objective.target, objective.target_value,
                objective.target_unit, objective.deadline, objective_view.progress,
                len(objective_view.actions),
            ])  # fmt: skip
        for action in actions:
            late = (
                action.due_date is not None
                and action.due_date < today
                and action.status not in ("done", "cancelled")
            )
            action_rows.append([
                axis_title, action.objective.title if action.objective else "", action.title,
                action.owner.name if action.owner else "", action.start_date, action.due_date,
                action.get_status_display(), action.get_priority_display(), action.progress,
                action.milestone.title if action.milestone else "", _("yes") if late else "",
            ])  # fmt: skip

    add_sheet(
        workbook, _("Axes"),
        ["#", _("Axis"), _("Description"), _("Objectives"), _("Actions")],
        axes_rows, colours,
    )  # fmt: skip
    add_sheet(
        workbook, _("Objectives"),
        [_("Axis"), _("Objective"), _("Measurable target"), _("Target value"), _("Unit"),
         _("Deadline"), _("Progress (%)"), _("Actions")],
        objective_rows, colours,
    )  # fmt: skip
    add_sheet(
        workbook, _("Actions"),
        [_("Axis"), _("Objective"), _("Action"), _("Owner"), _("Start date"), _("Due date"),
         _("Status"), _("Priority"), _("Progress (%)"), _("Milestone"), _("Late")],
        action_rows, colours,
    )  # fmt: skip
    indicators = data["indicators"]
    add_sheet(
        workbook, _("Indicators"),
        [_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Direction"),
         _("Latest value"), _("Latest measurement"), _("Status")],
        [
            [view.indicator.name, view.indicator.unit, view.indicator.baseline,
             view.indicator.target, view.indicator.get_direction_display(),
             view.row.latest.value if view.row.latest else None,
             view.row.latest.date if view.row.latest else None, view.row.status.label]
            for view in indicators
        ],
        colours,
    )  # fmt: skip
    add_sheet(
        workbook, _("Measurements"),
        [_("Indicator"), _("Date"), _("Value"), _("Unit"), _("Comment")],
        [
            [view.indicator.name, m.date, m.value, view.indicator.unit, m.comment]
            for view in indicators
            for m in view.measurements
        ],
        colours,
    )  # fmt: skip
    workbook.properties.title = plan.title
    workbook.properties.creator = actor.workspace.name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
