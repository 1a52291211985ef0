"""Import units and people of an organisation from a CSV or XLSX file.

Reading turns a file into plain rows (``read_table``); ``plan_import`` checks every row
against the organisation and says what would be created, with per-row errors; ``apply_import``
writes a plan without errors in one transaction. Nothing is stored unless the whole file is
valid. Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.models import AuditEntry
from liant.core.tenancy import Actor, require_staff

from .models import Organization, Person, Unit
from .selectors import flatten, unit_tree

MAX_BYTES = getattr(settings, "MAX_IMPORT_BYTES", 2 * 1024 * 1024)
MAX_ROWS = 5000
# Rows read at most, blank ones included (a sheet with one cell on row 1,000,000 is refused).
MAX_SCANNED_ROWS = 20 * MAX_ROWS
# An .xlsx is a zip: refuse one that unpacks to more than this (a "zip bomb").
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
MAX_HEADCOUNT = 1_000_000
EMAIL_MAX = 254  # the model's EmailField
ACTION = "organization.import"
# Control characters (NUL…) are dropped from cells; other whitespace runs become one space.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "Direction > Service": a ">" with a space on at least one side separates levels, so that a
# name such as "<b>Compta</b>" (shown escaped) stays one name.
PATH_SEPARATOR = re.compile(r"\s+>\s*|\s*>\s+")
NAME_MAX = 200

# Canonical column → accepted headers (compared without case, accents or spaces).
COLUMNS = {
    "unit": ("unite", "unit", "service", "chemin", "path"),
    "name": ("nom", "name", "personne", "person", "nom complet", "full name"),
    "title": ("fonction", "title", "poste", "job title", "intitule de poste"),
    "email": ("e-mail", "email", "courriel", "mail", "adresse e-mail", "e-mail address"),
    "manager": ("manager", "responsable", "encadrant"),
    "headcount": ("effectif", "headcount", "effectifs", "staff"),
}
YES = {"oui", "yes", "o", "y", "1", "x", "vrai", "true"}
NO = {"non", "no", "n", "0", "", "faux", "false"}


class ImportError_(ValidationError):
    """The file as a whole cannot be read (wrong format, wrong columns, too big…)."""


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


HEADER_TO_COLUMN = {_key(h): column for column, headers in COLUMNS.items() for h in headers}


def expected_columns() -> str:
    return ", ".join(headers[0] for headers in COLUMNS.values())


# --- Reading


def read_table(filename: str, data: bytes) -> list[dict]:
    """The file's rows as ``{"row": n, column: text}``, columns already recognised.

    ``n`` is the row number the user sees in the spreadsheet (the header is usually row 1);
    blank rows are skipped. Raises ``ImportError_`` with a plain message when the file as a
    whole cannot be used.
    """
    if len(data) > MAX_BYTES:
        raise ImportError_(
            _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise ImportError_(_("The file is empty."))
    name = (filename or "").lower()
    if name.endswith(".xls") or data[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportError_(
            _("Old Excel files (.xls) are not read: save the file as .xlsx or .csv.")
        )
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        grid = _xlsx_grid(data)
    elif name.endswith((".csv", ".txt")) or not name:
        grid = _csv_grid(data)
    else:
        raise ImportError_(_("Send a .csv or .xlsx file."))
    return _rows(grid)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" is UTF-16
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what French Excel writes


def _csv_grid(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if ";" in first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            yield number, cells
    except csv.Error:  # e.g. a cell longer than the csv module's limit
        raise ImportError_(
            _("Row %(row)s of the file could not be read: is it really a CSV file?")
            % {"row": number + 1}
        ) from None


def _xlsx_grid(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    unreadable = _("This file could not be read as an Excel (.xlsx) file.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_(unreadable) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportError_(
            _("This Excel file is too large once unpacked: save it as .csv or split it.")
        )
    # A damaged workbook can fail in many ways inside openpyxl, while loading or while
    # reading rows: every failure gets the same plain message.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportError_(unreadable) from None
    try:
        sheet = workbook.worksheets[0]
        header_row, width = None, 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(value) for value in values]
            if any(cell.strip() for cell in cells):
                header_row = number
                width = max(i for i, cell in enumerate(cells) if cell.strip()) + 1
                break
            if number > MAX_SCANNED_ROWS:
                break
        if header_row is None:
            return
        # Only the titled columns: a sheet formatted up to column XFD stays cheap to read.
        rows = sheet.iter_rows(min_row=header_row, max_col=width, values_only=True)
        for number, values in enumerate(rows, start=header_row):
            yield number, [_cell(value) for value in values]
    except Exception:
        raise ImportError_(unreadable) from None
    finally:
        workbook.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(text: str) -> str:
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())


def _rows(grid: Iterable[tuple[int, list[str]]]) -> list[dict]:
    grid = iter(grid)
    too_many = ImportError_(
        _("The file has more than %(max)s rows: split it in several files.") % {"max": MAX_ROWS}
    )
    for number, cells in grid:
        if any(cell.strip() for cell in cells):
            header = [_clean(cell) for cell in cells]
            break
        if number > MAX_SCANNED_ROWS:
            raise too_many
    else:
        raise ImportError_(_("The file is empty."))
    columns = []
    for title in header:
        column = HEADER_TO_COLUMN.get(_key(title))
        if title and column is None:
            raise ImportError_(
                _("Unknown column “%(column)s”. The columns are: %(expected)s.")
                % {"column": title, "expected": expected_columns()}
            )
        if column and column in columns:
            raise ImportError_(_("The column “%(column)s” appears twice.") % {"column": title})
        columns.append(column)
    if "unit" not in columns and "name" not in columns:
        raise ImportError_(
            _("The first row must name the columns, with at least “unité” or “nom”: %(expected)s.")
            % {"expected": expected_columns()}
        )
    rows = []
    for number, cells in grid:
        if number > MAX_SCANNED_ROWS:
            raise too_many
        values = {c: _clean(cells[i]) for i, c in enumerate(columns) if c and i < len(cells)}
        if not any(values.values()):
            continue
        rows.append({"row": number, **values})
        if len(rows) > MAX_ROWS:
            raise too_many
    if not rows:
        raise ImportError_(_("The file has column titles but no data row."))
    return rows


# --- Checking


@dataclass
class PlannedUnit:
    path: tuple[str, ...]
    existing: Unit | None = None
    headcount: int | None = None
    order: int = 0  # first appearance in the file
    people: int = 0  # people of the file in this unit itself

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def depth(self) -> int:
        return len(self.path) - 1

    @property
    def indent(self) -> str:
        return "\u2003" * self.depth

    @property
    def level(self) -> int:
        """The depth for the preview's indentation classes (deeper levels share the last)."""
        return min(self.depth, 5)


@dataclass
class PlannedPerson:
    row: int
    name: str
    title: str
    email: str
    is_manager: bool
    unit_path: tuple[str, ...]

    @property
    def unit_label(self) -> str:
        return " › ".join(self.unit_path)

    @property
    def unit_name(self) -> str:
        return self.unit_path[-1] if self.unit_path else ""

    @property
    def parent_label(self) -> str:
        return " › ".join(self.unit_path[:-1])


@dataclass
class ImportPlan:
    units: list[PlannedUnit] = field(default_factory=list)
    people: list[PlannedPerson] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # row → its person or unit

    @property
    def error_rows(self) -> list[tuple[int, str, str]]:
        """``(row, message, what the row is about)`` for the preview."""
        return [(row, message, self.labels.get(row, "")) for row, message in self.errors]

    @property
    def new_units(self) -> list[PlannedUnit]:
        return [unit for unit in self.units if unit.existing is None]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _path_key(path) -> tuple[str, ...]:
    return tuple(part.casefold() for part in path)


def plan_import(org: Organization, rows: list[dict]) -> ImportPlan:
    plan = ImportPlan()
    existing, path_of = {}, {}
    for node in flatten(unit_tree(org)):  # parents before their children
        path = (*path_of.get(node.unit.parent_id, ()), node.unit.name.casefold())
        path_of[node.unit.pk] = path
        existing[path] = node.unit
    units: dict[tuple, PlannedUnit] = {}
    emails_in_org = {
        email.lower(): name
        for email, name in Person.objects.filter(organization=org)
        .exclude(email="")
        .values_list("email", "name")
    }
    emails_in_file: dict[str, int] = {}

    def error(row, message, **values):
        plan.errors.append((row, message % values if values else message))

    for row in rows:
        number = row["row"]
        plan.labels[number] = row.get("name") or row.get("unit") or ""
        path = tuple(part.strip() for part in PATH_SEPARATOR.split(row.get("unit", "")))
        if path == ("",):
            path = ()
        if any(not part for part in path):
            error(number, _("The unit “%(unit)s” has an empty part."), unit=row.get("unit"))
            continue
        if any(len(part) > NAME_MAX for part in path):
            error(number, _("A unit name is longer than %(max)s characters."), max=NAME_MAX)
            continue
        for depth in range(1, len(path) + 1):
            key = _path_key(path[:depth])
            if key not in units:
                units[key] = PlannedUnit(path[:depth], existing.get(key), order=len(units))
        headcount = row.get("headcount", "")
        digits = headcount.replace(" ", "")  # "1 200", as French spreadsheets write it
        if headcount:
            if not path:
                error(number, _("A headcount needs a unit."))
            elif not re.fullmatch(r"[0-9]+", digits):  # not isdigit(): "²" is a digit
                error(
                    number,
                    _("The headcount “%(value)s” is not a whole number."),
                    value=headcount,
                )
            elif int(digits) > MAX_HEADCOUNT:
                error(number, _("The headcount %(value)s is too large."), value=headcount)
            else:
                headcount = digits
                planned = units[_path_key(path)]
                if planned.headcount not in (None, int(headcount)):
                    error(
                        number,
                        _("The unit “%(unit)s” is given two different headcounts."),
                        unit=path[-1],
                    )
                planned.headcount = int(headcount)
        name = row.get("name", "")
        person_fields = ("title", "email", "manager")
        if not name:
            if any(row.get(f) for f in person_fields):
                error(number, _("The name of the person is missing."))
            elif not path:
                error(number, _("The row has neither a unit nor a name."))
            continue
        if len(name) > NAME_MAX or len(row.get("title", "")) > NAME_MAX:
            error(
                number, _("A name or a job title is longer than %(max)s characters."), max=NAME_MAX
            )
            continue
        email = row.get("email", "").lower()
        if email:
            try:
                if len(email) > EMAIL_MAX:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                error(number, _("“%(email)s” is not a valid e-mail address."), email=email)
                continue
            if email in emails_in_file:
                error(
                    number,
                    _("The e-mail %(email)s is already on row %(other)s."),
                    email=email,
                    other=emails_in_file[email],
                )
                continue
            if email in emails_in_org:
                error(
                    number,
                    _("The e-mail %(email)s already belongs to %(name)s in this organisation."),
                    email=email,
                    name=emails_in_org[email],
                )
                continue
            emails_in_file[email] = number
        manager = _key(row.get("manager", ""))
        if manager not in YES | NO:
            error(
                number,
                _("“%(value)s” is not understood in the manager column: write oui or non."),
                value=row.get("manager"),
            )
            continue
        plan.people.append(
            PlannedPerson(number, name, row.get("title", ""), email, manager in YES, path)
        )
    for person in plan.people:
        if person.unit_path:
            units[_path_key(person.unit_path)].people += 1
    # A tree in the file's order: each unit after its parent, siblings as they first appear.
    plan.units = sorted(
        units.values(),
        key=lambda u: tuple(units[_path_key(u.path[:d])].order for d in range(1, len(u.path) + 1)),
    )
    plan.errors.sort(key=lambda error: error[0])
    return plan


# --- Writing


def already_imported(org: Organization, import_id: str) -> bool:
    """Whether the previewed file ``import_id`` was already confirmed (a double submit)."""
    return bool(import_id) and (
        AuditEntry.objects.filter(
            workspace_id=org.workspace_id,
            action=ACTION,
            object_id=str(org.pk),
            changes__import_id=import_id,
        ).exists()
    )


def apply_import(
    actor: Actor, org: Organization, plan: ImportPlan, *, import_id: str = "", filename: str = ""
) -> dict:
    """Write a valid plan in one transaction, with one audit entry; ``import_id`` (from the
    preview) makes a second confirmation of the same preview a refusal, not a duplicate."""
    require_staff(actor)
    if org.workspace_id != actor.workspace_id or not plan.is_valid:
        raise ValidationError(_("The file has errors: nothing was imported."))
    kinds = [Unit.Kind.DIRECTION, Unit.Kind.SERVICE, Unit.Kind.TEAM]
    try:
        with transaction.atomic():
            # One import at a time per organisation (SQLite transactions are IMMEDIATE).
            Organization.objects.select_for_update().only("pk").get(pk=org.pk)
            if already_imported(org, import_id):
                raise ValidationError(_("This file has already been imported."))
            counts = _write(actor, org, plan, kinds)
            audit.record(
                actor,
                ACTION,
                org,
                summary=_("%(name)s: %(units)s units and %(people)s people imported")
                % {"name": org.name, **counts},
                changes={**counts, "file": filename[:100], "import_id": import_id},
            )
    except IntegrityError:  # a unit created meanwhile under the same name
        raise ValidationError(
            _("The organisation changed during the import: nothing was imported. Try again.")
        ) from None
    return counts


def _write(actor: Actor, org: Organization, plan: ImportPlan, kinds) -> dict:
    saved: dict[tuple, Unit] = {}
    created = 0
    for planned in plan.units:  # sorted by path: parents come first
        key = _path_key(planned.path)
        unit = planned.existing
        if unit is None:
            parent = saved.get(key[:-1])
            unit = Unit.objects.create(
                workspace=actor.workspace,
                organization=org,
                parent=parent,
                name=planned.name,
                kind=kinds[min(planned.depth, 2)],
                headcount=planned.headcount,
                position=Unit.objects.filter(organization=org, parent=parent).count(),
            )
            created += 1
        elif planned.headcount is not None and unit.headcount != planned.headcount:
            unit.headcount = planned.headcount
            unit.save(update_fields=["headcount", "updated_at"])
        saved[key] = unit
    Person.objects.bulk_create(
        Person(
            workspace=actor.workspace,
            organization=org,
            unit=saved.get(_path_key(person.unit_path)),
            name=person.name,
            title=person.title,
            email=person.email,
            is_manager=person.is_manager,
        )
        for person in plan.people
    )
    return {"units": created, "people": len(plan.people)}


EXAMPLES = {
    "fr": [
        ["unité", "nom", "fonction", "e-mail", "manager", "effectif"],
        ["Direction générale", "", "", "", "", "3"],
        [
            "Direction générale > Comptabilité",
            "Nadia Benali",
            "Cheffe comptable",
            "nadia.benali@example.org",
            "oui",
            "",
        ],
        ["Direction générale > Comptabilité", "Louis Garnier", "Comptable", "", "non", ""],
        ["Direction générale > Commercial > ADV", "Emma Roux", "Assistante ADV", "", "", ""],
    ],
    "en": [
        ["unit", "name", "title", "e-mail", "manager", "headcount"],
        ["General management", "", "", "", "", "3"],
        [
            "General management > Accounting",
            "Nadia Benali",
            "Head of accounting",
            "nadia.benali@example.org",
            "yes",
            "",
        ],
        ["General management > Accounting", "Louis Garnier", "Accountant", "", "no", ""],
        ["General management > Sales > Order desk", "Emma Roux", "Sales assistant", "", "", ""],
    ],
}


def example_csv(language: str) -> str:
    """A small example file in the given language (French by default)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(EXAMPLES.get(language, EXAMPLES["fr"]))
    return out.getvalue()
