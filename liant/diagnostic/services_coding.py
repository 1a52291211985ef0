"""Writes of the coding of interview notes (part b of issue 5): the codebook of a campaign
(hierarchical themes) and the coded excerpts of its notes.

Every function starts from ``require_mission_staff``, checks that what it is given belongs to
the same campaign, runs in a transaction and is audited. Bad input raises ``ValidationError``
with a message for the user and stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from liant.analysis.coding import creates_cycle, descendants
from liant.core import audit
from liant.core.tenancy import Actor

from .models import NOTE_MAX_LENGTH, CodedSegment, InterviewCampaign, Note, Theme, colour_validator
from .services import require_mission_staff

NAME_MAX_LENGTH = Theme._meta.get_field("name").max_length
DESCRIPTION_MAX_LENGTH = 2_000
MAX_THEMES = 500  # per campaign
MAX_DEPTH = 6  # levels of themes (3 are shown comfortably; deeper still works)
# Accessible colours (Okabe–Ito and friends): distinguishable for most colour vision
# deficiencies, dark enough for a contrasting outline, light once tinted as a highlight.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#d55e00",
    "#56b4e9",
    "#8c6d1f",
    "#6a3d9a",
    "#2f6f8f",
    "#b2182b",
)


def _check_campaign(actor: Actor, campaign: InterviewCampaign) -> None:
    if campaign.workspace_id != actor.workspace_id:
        raise PermissionDenied
    require_mission_staff(actor, campaign.mission)


def _parents(campaign: InterviewCampaign) -> dict[int, int | None]:
    return dict(Theme.objects.filter(campaign=campaign).values_list("pk", "parent_id"))


def _depth(parents: dict[int, int | None], node: int | None) -> int:
    depth = 0
    while node is not None:
        depth += 1
        node = parents.get(node)
    return depth


def _clean_theme(
    campaign: InterviewCampaign,
    *,
    name: str,
    colour: str,
    description: str,
    parent: Theme | None,
    theme: Theme | None = None,
) -> dict:
    name = " ".join((name or "").split())
    description = (description or "").strip()
    colour = (colour or "").strip().lower()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the theme a name.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("A theme name is limited to %(max)d characters.") % {
            "max": NAME_MAX_LENGTH
        }
    try:
        colour_validator(colour)
    except ValidationError:
        errors["colour"] = _("Enter a colour as #RRGGBB, for example #2f6f8f.")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("A description is limited to %(max)d characters.") % {
            "max": DESCRIPTION_MAX_LENGTH
        }
    if parent is not None and parent.campaign_id != campaign.pk:
        raise PermissionDenied
    parents = _parents(campaign)
    if theme is not None and parent is not None and creates_cycle(parents, theme.pk, parent.pk):
        errors["parent"] = _("A theme cannot be moved under itself or one of its own sub-themes.")
    elif parent is not None:
        below = max(_depth(parents, t) for t in descendants(parents, theme.pk)) if theme else 1
        above = _depth(parents, theme.pk) - 1 if theme else 0
        if _depth(parents, parent.pk) + below - above > MAX_DEPTH:
            errors["parent"] = _("The codebook is limited to %(max)d levels.") % {"max": MAX_DEPTH}
    if name and "name" not in errors:
        siblings = Theme.objects.filter(campaign=campaign, parent=parent)
        if theme is not None:
            siblings = siblings.exclude(pk=theme.pk)
        taken = {other.casefold() for other in siblings.values_list("name", flat=True)}
        if name.casefold() in taken:
            errors["name"] = _name_taken(parent)
    if errors:
        raise ValidationError(errors)
    return {"name": name, "colour": colour, "description": description, "parent": parent}


def _name_taken(parent: Theme | None) -> str:
    if parent is None:
        return _("Another main theme already has this name.")
    return _("Another sub-theme of “%(parent)s” already has this name.") % {"parent": parent}


def _next_position(campaign: InterviewCampaign, parent: Theme | None) -> int:
    last = Theme.objects.filter(campaign=campaign, parent=parent).aggregate(n=Max("position"))
    return (last["n"] or 0) + 1


@transaction.atomic
def create_theme(
    actor: Actor,
    campaign: InterviewCampaign,
    *,
    name: str,
    colour: str = PALETTE[0],
    description: str = "",
    parent: Theme | None = None,
) -> Theme:
    _check_campaign(actor, campaign)
    if Theme.objects.filter(campaign=campaign).count() >= MAX_THEMES:
        raise ValidationError(_("A codebook is limited to %(max)d themes.") % {"max": MAX_THEMES})
    values = _clean_theme(
        campaign, name=name, colour=colour, description=description, parent=parent
    )
    try:
        with transaction.atomic():  # a colleague may have just used the same name
            theme = Theme.objects.create(
                workspace=campaign.workspace,
                campaign=campaign,
                position=_next_position(campaign, parent),
                **values,
            )
    except IntegrityError:
        raise ValidationError({"name": _name_taken(parent)}) from None
    audit.record(actor, "diagnostic.theme_create", theme, f"{campaign} › {theme}")
    return theme


@transaction.atomic
def update_theme(
    actor: Actor,
    theme: Theme,
    *,
    name: str,
    colour: str,
    description: str = "",
    parent: Theme | None = None,
) -> Theme:
    """Rename, recolour, describe or move a theme under another parent (never under itself
    or one of its descendants)."""
    campaign = theme.campaign
    _check_campaign(actor, campaign)
    values = _clean_theme(
        campaign, name=name, colour=colour, description=description, parent=parent, theme=theme
    )
    moved = values["parent"] != theme.parent
    changes = audit.apply_changes(theme, values)
    if moved:
        theme.position = _next_position(campaign, values["parent"])
    if changes:
        try:
            with transaction.atomic():
                theme.save()
        except IntegrityError:
            raise ValidationError({"name": _name_taken(values["parent"])}) from None
        audit.record(actor, "diagnostic.theme_update", theme, f"{campaign} › {theme}", changes)
    return theme


@transaction.atomic
def move_theme(actor: Actor, theme: Theme, direction: str) -> Theme:
    """Move a theme one place up or down among its siblings."""
    _check_campaign(actor, theme.campaign)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown move."))
    siblings = list(
        Theme.objects.select_for_update().filter(campaign=theme.campaign, parent=theme.parent_id)
    )
    index = next(i for i, t in enumerate(siblings) if t.pk == theme.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, 1):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position", "updated_at"])
        audit.record(actor, "diagnostic.theme_move", theme, f"{theme.campaign} › {theme}")
    return theme


def deletion_impact(theme: Theme) -> dict[str, int]:
    """What deleting ``theme`` (and its sub-themes) does: sub-themes deleted, excerpts
    losing a theme, and excerpts deleted because they would keep no theme."""
    subtree = descendants(_parents(theme.campaign), theme.pk)
    tagged = CodedSegment.objects.filter(themes__in=subtree).distinct()
    links = CodedSegment.themes.through.objects.filter(codedsegment__in=tagged)
    kept = links.exclude(theme__in=subtree).values("codedsegment")
    orphans = tagged.exclude(pk__in=kept)
    return {
        "subthemes": len(subtree) - 1,
        "excerpts": tagged.count(),
        "orphans": orphans.count(),
        "subtree": subtree,
        "orphan_ids": list(orphans.values_list("pk", flat=True)),
    }


@transaction.atomic
def delete_theme(actor: Actor, theme: Theme) -> dict[str, int]:
    """Delete a theme with its sub-themes. Excerpts keep their other themes; those left with
    none are deleted (a coded excerpt without a theme means nothing)."""
    campaign = theme.campaign
    _check_campaign(actor, campaign)
    impact = deletion_impact(theme)
    CodedSegment.objects.filter(pk__in=impact["orphan_ids"]).delete()
    audit.record(
        actor,
        "diagnostic.theme_delete",
        theme,
        f"{campaign} › {theme}",
        {"subthemes": impact["subthemes"], "excerpts_deleted": impact["orphans"]},
    )
    theme.delete()
    return impact


@transaction.atomic
def import_codebook(
    actor: Actor, campaign: InterviewCampaign, source: InterviewCampaign
) -> dict[str, int]:
    """Copy the themes of ``source`` (another campaign of the workspace) into ``campaign``.
    A theme whose name is already used at the same place is merged with it (its sub-themes
    are still copied), so importing twice adds nothing."""
    _check_campaign(actor, campaign)
    if source.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if source.pk == campaign.pk:
        raise ValidationError(_("Choose another campaign than this one."))
    themes = list(Theme.objects.filter(campaign=source).order_by("position", "name", "id"))
    if not themes:
        raise ValidationError(_("This campaign has no theme to import."))
    existing = {
        (parent, name.casefold()): pk
        for pk, parent, name in Theme.objects.filter(campaign=campaign).values_list(
            "pk", "parent_id", "name"
        )
    }
    room = MAX_THEMES - len({pk for pk in existing.values()})
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    copied = merged = 0
    stack: list[tuple[Theme, int | None]] = [(t, None) for t in reversed(children.get(None, []))]
    while stack:
        original, new_parent = stack.pop()
        key = (new_parent, original.name.casefold())
        if key in existing:
            pk, merged = existing[key], merged + 1
        else:
            if copied >= room:
                raise ValidationError(
                    _("A codebook is limited to %(max)d themes.") % {"max": MAX_THEMES}
                )
            pk = Theme.objects.create(
                workspace=campaign.workspace,
                campaign=campaign,
                parent_id=new_parent,
                name=original.name,
                colour=original.colour,
                description=original.description,
                position=_next_position(campaign, new_parent),
            ).pk
            existing[key] = pk
            copied += 1
        stack.extend((child, pk) for child in reversed(children.get(original.pk, [])))
    audit.record(
        actor,
        "diagnostic.codebook_import",
        campaign,
        f"{source} → {campaign}",
        {"copied": copied, "merged": merged},
    )
    return {"copied": copied, "merged": merged}


# --- Coded excerpts


def _clean_themes(note: Note, themes: Iterable[Theme]) -> list[Theme]:
    themes = list(dict.fromkeys(themes))
    if any(t.workspace_id != note.workspace_id for t in themes):
        raise PermissionDenied
    if any(t.campaign_id != note.interview.campaign_id for t in themes):
        raise ValidationError({"themes": _("Choose themes of this campaign’s codebook.")})
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    return themes


@transaction.atomic
def code_segment(
    actor: Actor,
    note: Note,
    *,
    start: int,
    end: int,
    themes: Iterable[Theme],
    quotable: bool = False,
    quote: str | None = None,
) -> CodedSegment:
    """Tag ``note.text[start:end]`` (character offsets) with themes. ``quote`` is the passage
    the person selected: when given, it must still be there (the note may have changed)."""
    campaign = note.interview.campaign
    _check_campaign(actor, campaign)
    if note.workspace_id != actor.workspace_id:
        raise PermissionDenied
    note = Note.objects.select_for_update().get(pk=note.pk)
    text = note.text
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ValidationError(_("Select a passage of the notes."))
    if not 0 <= start < end <= min(len(text), NOTE_MAX_LENGTH):
        raise ValidationError(_("Select a passage inside the notes of this answer."))
    if quote is not None and text[start:end] != quote:
        raise ValidationError(
            _("These notes were changed meanwhile; reload the page and select the passage again.")
        )
    # Trim the white space picked up at the edges of a selection.
    passage = text[start:end]
    start += len(passage) - len(passage.lstrip())
    end -= len(passage) - len(passage.rstrip())
    if end <= start:
        raise ValidationError(_("Select some words, not only blank space."))
    themes = _clean_themes(note, themes)
    segment = CodedSegment.objects.create(
        workspace=note.workspace,
        note=note,
        start=start,
        end=end,
        text=text[start:end],
        quotable=bool(quotable),
        created_by=actor.user,
    )
    segment.themes.set(themes)
    audit.record(
        actor,
        "diagnostic.segment_create",
        segment,
        f"{campaign} › {', '.join(t.name for t in themes)}",
    )
    return segment


@transaction.atomic
def update_segment(
    actor: Actor, segment: CodedSegment, *, themes: Iterable[Theme], quotable: bool
) -> CodedSegment:
    campaign = segment.note.interview.campaign
    _check_campaign(actor, campaign)
    themes = _clean_themes(segment.note, themes)
    before = sorted(segment.themes.values_list("pk", flat=True))
    changes = audit.apply_changes(segment, {"quotable": bool(quotable)})
    if before != sorted(t.pk for t in themes):
        changes["themes"] = [before, sorted(t.pk for t in themes)]
        segment.themes.set(themes)
    if changes:
        segment.save()
        audit.record(actor, "diagnostic.segment_update", segment, str(campaign), changes)
    return segment


@transaction.atomic
def delete_segment(actor: Actor, segment: CodedSegment) -> None:
    campaign = segment.note.interview.campaign
    _check_campaign(actor, campaign)
    audit.record(actor, "diagnostic.segment_delete", segment, str(campaign))
    segment.delete()
