""" "Turn into…" a source of a section: a workshop's card or group is linked as a source of a
section of a direction project of the workshop's mission. Registered when the app is ready."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liant.core.tenancy import scoped
from liant.workshops.turn_targets import Source, Target, register, staff_only

from . import selectors, services_direction
from .models import Clause, Document


def _open_sections(actor, mission):
    """The sections of the latest version of the mission's unpublished direction projects."""
    documents = scoped(
        Document.objects.filter(mission=mission, kind=Document.Kind.DIRECTION), actor
    ).exclude(stage=Document.Stage.PUBLISHED)
    latest = [v.pk for d in documents if (v := selectors.latest_version(d)) is not None]
    return (
        scoped(Clause.objects.filter(version_id__in=latest), actor)
        .select_related("version__document")
        .order_by("version__document__title", "order", "id")
    )


class SectionTarget(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Clause.objects.none(),
        empty_label=_("Choose a section…"),
        error_messages={
            "required": _("Choose the section this output is a source of."),
            "invalid_choice": _("Choose a section of a direction project of this mission."),
        },
    )

    def __init__(self, data=None, *, actor, source: Source):
        super().__init__(data, prefix="section")
        self.fields["section"].queryset = _open_sections(actor, source.workshop.mission)
        self.fields["section"].label_from_instance = lambda c: (
            f"{c.version.document.title} › {c.title or c.text[:60]}"
        )


def _allowed(actor, source: Source) -> bool:
    return staff_only(actor, source) and source.workshop.mission_id is not None


def _create(actor, source: Source, data: dict):
    section = data["section"]
    if section.version.document.mission_id != source.workshop.mission_id:
        raise ValidationError(
            {"section": _("Choose a section of a direction project of this mission.")}
        )
    output = source.card if source.card is not None else source.cluster
    created = services_direction.add_sources(actor, section, [output])
    if not created:
        raise ValidationError({"section": _("This output is already a source of the section.")})
    return created[0]


def _source_url(source) -> str:
    document = source.document
    section = selectors.latest_version(document).clauses.filter(key=source.section_key).first()
    if section is None:
        return reverse("charters:detail", args=[document.mission_id, document.pk])
    return reverse("charters:section", args=[document.mission_id, document.pk, section.pk])


register(
    Target(
        key="charters.direction_source",
        label=_("A source of a section of the direction project"),
        help=_("The card or group is shown beside the section, with its words copied."),
        form=SectionTarget,
        create=_create,
        url=_source_url,
        allowed=_allowed,
        order=35,
    )
)
