"""The client's directory on import: an organisation is found by its name, a unit by its
path from the top of the tree, a person by e-mail (or by name when there is none), an
interface by its two units — in the importing workspace; what is not found is created."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from liant.orgs.models import Interface, Organization, Person, Unit

from .archive import ArchiveError


class Directory:
    def __init__(self, actor, importer):
        self.workspace_id = actor.workspace_id
        self.importer = importer

    def ref(self, label: str, value: Any) -> Any:
        ready, new = self.importer.resolve(label, value)
        if not ready:
            raise ArchiveError(_("The archive's data is not in the expected form."))
        return new

    def match_or_create(self, model, row: dict) -> int:
        values = row["fields"]
        if model is Organization:
            found = Organization.objects.filter(
                workspace=self.workspace_id, name=values.get("name")
            ).first()
        elif model is Unit:
            found = Unit.objects.filter(
                workspace=self.workspace_id,
                organization=self.ref("orgs.Organization", values.get("organization")),
                parent=self.ref("orgs.Unit", values.get("parent")),
                name=values.get("name"),
            ).first()
        elif model is Person:
            people = Person.objects.filter(
                workspace=self.workspace_id,
                organization=self.ref("orgs.Organization", values.get("organization")),
            )
            email = (values.get("email") or "").strip()
            found = (
                people.filter(email__iexact=email)
                if email
                else people.filter(name=values.get("name"), email="")
            ).first()
        else:
            found = Interface.objects.filter(
                workspace=self.workspace_id,
                provider=self.ref("orgs.Unit", values.get("provider")),
                client=self.ref("orgs.Unit", values.get("client")),
            ).first()
        if found is not None:
            return found.pk
        obj, _pending = self.importer.build(model, row)  # nothing pending: parents come first
        obj.save_base(raw=True, force_insert=True)
        return obj.pk


def parents_first(rows: list[dict]) -> list[dict]:
    """Units ordered so that a parent always precedes its children (a moved unit may be older
    than its new parent); a cycle or a missing parent is an invalid archive."""
    by_pk = {str(row["pk"]): row for row in rows}
    ordered, placed = [], set()

    def place(row: dict, trail: set) -> None:
        key = str(row["pk"])
        if key in placed:
            return
        if key in trail:
            raise ArchiveError(_("The archive's data is not in the expected form."))
        parent = row["fields"].get("parent")
        if parent is not None:
            if str(parent) not in by_pk:
                raise ArchiveError(_("The archive's data is not in the expected form."))
            place(by_pk[str(parent)], trail | {key})
        placed.add(key)
        ordered.append(row)

    for row in rows:
        place(row, set())
    return ordered
