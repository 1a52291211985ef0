"""GDPR for a person of a client organisation: export what the workspace holds about them,
and erase their identity while keeping their anonymous contributions.

What is "about them" is found generically: every row of the workspace that points at the
person (interviews as interviewee, team membership and check-ins, RACI and promise roles,
actions and obstacles owned, governance bodies, invitations…) — plus the cards they wrote
in a workshop whose cards are signed. Survey answers are unlinkable by design (tokens hold
no answer), anonymous cards and consultation or charter contributions stay anonymous, so
none of them are exported or touched. Interview notes are listed by number, not content:
they are the consultant's working notes on the organisation, confidential by design.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.models import AuditEntry, TenantModel
from liant.core.tenancy import Actor, require_owner, require_staff, scoped
from liant.orgs.models import Person

from . import registry

PLACEHOLDER_PREFIX = "#"


def get_person(actor: Actor, person_pk: int) -> Person:
    from django.shortcuts import get_object_or_404

    require_staff(actor)
    qs = scoped(Person.objects.select_related("organization", "unit"), actor)
    return get_object_or_404(qs, pk=person_pk)


# --- what points at the person ------------------------------------------------------------
def _relations():
    """(model, field name) of every tenant link to a person (hidden ones too: many are
    declared with ``related_name="+"``)."""
    for model in apps.get_models():
        if not issubclass(model, TenantModel) or model is Person:
            continue
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.is_relation and field.related_model is Person:
                yield model, field.name


def _secret_names(model) -> tuple[str, ...]:
    return registry.SECRET_FIELDS.get(model._meta.label, ())


def _plain(obj, model) -> dict[str, Any]:
    """A row as readable values: texts and dates as they are, links by their name."""
    out = {}
    for field in model._meta.concrete_fields:
        if field.name in ("id", "workspace") or field.name in _secret_names(model):
            continue
        if isinstance(field, models.FileField) or field.name.endswith("_hash"):
            continue
        if field.is_relation:
            if field.related_model is Person or field.related_model._meta.label == "accounts.User":
                continue
            target = getattr(obj, field.name)
            out[field.name] = str(target) if target is not None else None
        else:
            value = field.value_from_object(obj)
            out[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def related_rows(person: Person) -> list[dict]:
    """Sections of the person's data: one per kind of link, with the linked rows."""
    sections = []
    for model, field_name in _relations():
        qs = model.objects.filter(workspace=person.workspace_id, **{field_name: person})
        objects = list(qs.order_by("pk"))
        rows = [_plain(obj, model) for obj in objects]
        if rows:
            sections.append(
                {
                    "model": model._meta.label_lower,
                    "title": str(model._meta.verbose_name_plural).capitalize(),
                    "role": str(model._meta.get_field(field_name).verbose_name),
                    "rows": rows,
                    "names": [str(obj) for obj in objects],
                }
            )
    return sections


def _check_ins(person: Person) -> list[dict]:
    CheckIn = apps.get_model("practices.CheckIn")
    qs = CheckIn.objects.filter(workspace=person.workspace_id, member__person=person)
    return [_plain(obj, CheckIn) for obj in qs.order_by("pk")]


def _signed_cards(person: Person) -> list[dict]:
    """Cards written under the person's personal invitation, when the workshop signs cards."""
    Card = apps.get_model("workshops.Card")
    qs = Card.objects.filter(
        workspace=person.workspace_id,
        board__workshop__signed_cards=True,
        author__invitation__person=person,
    ).select_related("board__workshop")
    return [
        {"workshop": c.board.workshop.title, "board": c.board.title, "text": c.text}
        for c in qs.order_by("pk")
    ]


def _interview_notes(person: Person) -> int:
    Note = apps.get_model("diagnostic.Note")
    return Note.objects.filter(workspace=person.workspace_id, interview__people=person).count()


def person_data(person: Person) -> dict:
    unit = person.unit
    path = []
    while unit is not None:
        path.insert(0, unit.name)
        unit = unit.parent
    return {
        "person": {
            "name": person.name,
            "email": person.email,
            "title": person.title,
            "manager": person.is_manager,
            "organisation": person.organization.name,
            "unit": " > ".join(path),
            "created_at": person.created_at.isoformat(),
        },
        "linked": related_rows(person),
        "check_ins": _check_ins(person),
        "signed_cards": _signed_cards(person),
        "interview_notes_held": _interview_notes(person),
    }


def export_person(actor: Actor, person: Person) -> tuple[bytes, str]:
    require_staff(actor)
    data = {"exported_at": timezone.now().isoformat(), **person_data(person)}
    audit.record(
        actor,
        "person.export",
        person,
        _("Personal data export of person #%(id)s") % {"id": person.pk},
    )
    content = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    return content, f"liant-person-{person.pk}.json"


# --- erasure ------------------------------------------------------------------------------
def _identifiers(person: Person) -> list[str]:
    return [value for value in (person.name.strip(), person.email.strip()) if len(value) >= 3]


def _pattern(identifiers: list[str]) -> re.Pattern:
    words = "|".join(re.escape(value) for value in sorted(identifiers, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
    ]


def _scrub_targets(workspace_id: int):
    for model in apps.get_models():
        if issubclass(model, TenantModel) or model is AuditEntry:
            fields = _text_fields(model)
            if fields:
                yield model, model.objects.filter(workspace=workspace_id), fields


def _mentions(person: Person):
    """(row, {field: text}) of every text of the workspace naming the person (whole words)."""
    identifiers = _identifiers(person)
    if not identifiers:
        return
    pattern = _pattern(identifiers)
    for model, qs, fields in _scrub_targets(person.workspace_id):
        text_fields = [f for f in fields if not isinstance(f, models.JSONField)]
        json_fields = [f for f in fields if isinstance(f, models.JSONField)]
        condition = Q()
        for f in text_fields:
            for value in identifiers:
                condition |= Q(**{f"{f.name}__icontains": value})
        # JSON may be stored with escaped accents: its rows are all read in Python.
        candidates = qs if json_fields else qs.filter(condition)
        for obj in candidates.exclude(pk=person.pk) if model is Person else candidates:
            hits = {}
            for f in fields:
                value = f.value_from_object(obj)
                if value is None:
                    continue
                text = (
                    json.dumps(value, ensure_ascii=False)
                    if isinstance(f, models.JSONField)
                    else value
                )
                if pattern.search(text):
                    hits[f] = text
            if hits:
                yield obj, hits, pattern


def consequences(person: Person) -> dict:
    data = person_data(person)
    mentions = sum(1 for _ in _mentions(person))
    return {
        "linked": sum(len(section["rows"]) for section in data["linked"]),
        "check_ins": len(data["check_ins"]),
        "signed_cards": len(data["signed_cards"]),
        "mentions": mentions,
    }


def erase_person(actor: Actor, person: Person) -> int:
    """Replace the person's identity everywhere in the workspace; return the texts changed."""
    require_owner(actor)
    placeholder = _("Erased person %(code)s") % {"code": PLACEHOLDER_PREFIX + secrets.token_hex(3)}
    with transaction.atomic():
        changed = 0
        for obj, hits, pattern in list(_mentions(person)):
            updates = {}
            for f, text in hits.items():
                new = pattern.sub(placeholder, text)
                if isinstance(f, models.JSONField):
                    updates[f.attname] = json.loads(new)
                else:
                    updates[f.attname] = new[: f.max_length] if f.max_length else new
            type(obj).objects.filter(pk=obj.pk).update(**updates)
            changed += 1
        _unlink_accounts_and_links(person)
        Person.objects.filter(pk=person.pk).update(name=placeholder, email="", title="")
        person.refresh_from_db()
        audit.record(
            actor,
            "person.erase",
            person,
            _("Person #%(id)s erased (identity removed)") % {"id": person.pk},
            {"texts_changed": changed},
        )
    return changed


def _unlink_accounts_and_links(person: Person) -> None:
    """Accounts behind the person's personal links lose the link; personal links (which would
    name them to whoever holds them) are replaced; their check-in link stops working."""
    ws = person.workspace_id
    for label, user_path in (
        ("workshops.WorkshopInvitation", "participant"),
        ("charters.Invitation", "contributor"),
    ):
        Invitation = apps.get_model(label)
        holders = Invitation.objects.filter(workspace=ws, person=person).values(user_path)
        holder_model = Invitation._meta.get_field(user_path).related_model
        holder_model.objects.filter(pk__in=holders).update(user=None)
    for label in (
        "workshops.WorkshopInvitation",
        "consultations.Invitation",
        "charters.Invitation",
    ):
        Invitation = apps.get_model(label)
        token = Invitation._meta.get_field("token")
        for invitation in Invitation.objects.filter(workspace=ws, person=person):
            Invitation.objects.filter(pk=invitation.pk).update(token=token.get_default())
    TeamMember = apps.get_model("practices.TeamMember")
    TeamMember.objects.filter(workspace=ws, person=person).update(token_hash=None)
