"""Reads of the coding of interview notes (part b of issue 5).

Everything starts from a campaign obtained with ``selectors.get_campaign`` (staff only: the
sponsors of a mission never see notes nor coded excerpts) and is filtered by it and by the
actor's workspace.

Names of the people interviewed appear only where one picks an interview to code; next to
a quote (theme view, search, exports) an interview is shown by its label, the units of the
people and its date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from liant.analysis.coding import (
    context,
    descendants,
    find_all,
    interviews_by_group,
    reanchor,
)
from liant.core.tenancy import Actor, scoped
from liant.orgs.models import Person

from .models import CodedSegment, GuideQuestion, Interview, InterviewCampaign, Note, Theme

SEARCH_MAX_RESULTS = 200


# --- Codebook


@dataclass
class ThemeNode:
    theme: Theme
    depth: int
    path: list[str]
    excerpt_count: int = 0
    children: list[ThemeNode] = field(default_factory=list)
    first: bool = False
    last: bool = False

    @property
    def label(self) -> str:
        return " › ".join(self.path)


def theme_list(actor: Actor, campaign: InterviewCampaign) -> QuerySet[Theme]:
    return scoped(Theme.objects.all(), actor).filter(campaign=campaign)


def get_theme(actor: Actor, campaign: InterviewCampaign, pk: int) -> Theme:
    return get_object_or_404(theme_list(actor, campaign), pk=pk)


def theme_tree(actor: Actor, campaign: InterviewCampaign) -> list[ThemeNode]:
    """The codebook in reading order (depth first), each theme with its depth, its path of
    names and its number of coded excerpts."""
    themes = list(theme_list(actor, campaign).annotate(n=Count("segments")))
    by_parent: dict[int | None, list[Theme]] = defaultdict(list)
    for theme in themes:
        by_parent[theme.parent_id].append(theme)
    ordered: list[ThemeNode] = []

    def visit(parent: int | None, depth: int, path: list[str], into: list[ThemeNode]) -> None:
        siblings = by_parent.get(parent, [])
        for index, theme in enumerate(siblings):
            node = ThemeNode(theme, depth, [*path, theme.name], theme.n)
            node.first, node.last = index == 0, index == len(siblings) - 1
            into.append(node)
            ordered.append(node)
            visit(theme.pk, depth + 1, node.path, node.children)

    roots: list[ThemeNode] = []
    visit(None, 0, [], roots)
    return ordered


def theme_roots(nodes: list[ThemeNode]) -> list[ThemeNode]:
    return [node for node in nodes if node.depth == 0]


def parent_map(actor: Actor, campaign: InterviewCampaign) -> dict[int, int | None]:
    return dict(theme_list(actor, campaign).values_list("pk", "parent_id"))


def ancestors_map(parents: dict[int, int | None]) -> dict[int, list[int]]:
    result = {}
    for theme in parents:
        chain, current = [], parents.get(theme)
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        result[theme] = chain
    return result


def importable_campaigns(actor: Actor, campaign: InterviewCampaign) -> QuerySet:
    """The other campaigns of the workspace (any mission) that have a codebook."""
    if not actor.is_staff_member:
        return InterviewCampaign.objects.none()
    return (
        scoped(InterviewCampaign.objects.all(), actor)
        .exclude(pk=campaign.pk)
        .annotate(theme_count=Count("themes"))
        .filter(theme_count__gt=0)
        .select_related("mission")
        .order_by("mission__title", "title")
    )


def get_importable_campaign(actor: Actor, campaign: InterviewCampaign, pk) -> InterviewCampaign:
    return get_object_or_404(importable_campaigns(actor, campaign), pk=pk)


# --- Interviews and notes


def interview_label(interview: Interview) -> str:
    return interview.label or _("Interview no. %(number)s") % {"number": interview.pk}


def interview_list(actor: Actor, campaign: InterviewCampaign) -> QuerySet[Interview]:
    return (
        scoped(Interview.objects.all(), actor)
        .filter(campaign=campaign)
        .prefetch_related(Prefetch("people", queryset=Person.objects.select_related("unit")))
        .annotate(
            note_count=Count("notes", distinct=True),
            excerpt_count=Count("notes__segments", distinct=True),
        )
    )


def get_interview(actor: Actor, campaign: InterviewCampaign, pk) -> Interview:
    return get_object_or_404(interview_list(actor, campaign), pk=pk)


def get_note(actor: Actor, campaign: InterviewCampaign, pk) -> Note:
    qs = scoped(Note.objects.all(), actor).filter(interview__campaign=campaign)
    return get_object_or_404(qs.select_related("interview__campaign__mission"), pk=pk)


def get_segment(actor: Actor, campaign: InterviewCampaign, pk) -> CodedSegment:
    qs = scoped(CodedSegment.objects.all(), actor).filter(note__interview__campaign=campaign)
    return get_object_or_404(qs.select_related("note__interview__campaign__mission"), pk=pk)


def units_of(interview: Interview) -> list[str]:
    return sorted({p.unit.name for p in interview.people.all() if p.unit_id})


def segment_data(segment: CodedSegment, text: str) -> dict:
    """A coded excerpt as the coding page needs it, re-anchored on its quote when the note
    changed (``detached`` when the quote is no longer in the note)."""
    place = reanchor(text, segment.start, segment.end, segment.text)
    return {
        "id": segment.pk,
        "start": place[0] if place else None,
        "end": place[1] if place else None,
        "detached": place is None,
        "quote": segment.text,
        "quotable": segment.quotable,
        "themes": sorted(t.pk for t in segment.themes.all()),
    }


def note_data(note: Note) -> dict:
    return {
        "id": note.pk,
        "version": note.version,
        "text": note.text,
        "segments": [segment_data(s, note.text) for s in note.segments.all()],
    }


@dataclass
class NoteBlock:
    note: Note
    section: str
    question: str
    data: dict


def interview_notes(actor: Actor, interview: Interview) -> list[NoteBlock]:
    """The notes of an interview in the order of the guide (free notes last), each with its
    coded excerpts. Empty notes are left out, unless excerpts were coded in them before
    they were emptied (those excerpts are shown detached, never lost)."""
    notes = (
        scoped(Note.objects.all(), actor)
        .filter(interview=interview)
        .select_related("question__section")
        .prefetch_related(
            Prefetch(
                "segments",
                queryset=CodedSegment.objects.prefetch_related(
                    Prefetch("themes", queryset=Theme.objects.only("pk"))
                ),
            )
        )
    )
    blocks = []
    for note in notes:
        if not note.text and not note.segments.all():
            continue
        question: GuideQuestion | None = note.question
        blocks.append(
            NoteBlock(
                note,
                question.section.title if question else "",
                question.text if question else _("Free notes"),
                note_data(note),
            )
        )
    blocks.sort(key=lambda b: b.note.question is None)
    return blocks


# --- Theme view


@dataclass
class Excerpt:
    segment: CodedSegment
    before: str
    quote: str
    after: str
    interview: Interview
    interview_label: str
    units: list[str]
    question: str
    detached: bool
    themes: list[Theme]


def _segments(actor: Actor, campaign: InterviewCampaign) -> QuerySet[CodedSegment]:
    return (
        scoped(CodedSegment.objects.all(), actor)
        .filter(note__interview__campaign=campaign)
        .select_related("note__question", "note__interview")
        .prefetch_related(
            "themes",
            Prefetch("note__interview__people", queryset=Person.objects.select_related("unit")),
        )
        .order_by("note__interview__scheduled_at", "note__interview_id", "note_id", "start")
    )


def excerpt_of(segment: CodedSegment) -> Excerpt:
    note = segment.note
    place = reanchor(note.text, segment.start, segment.end, segment.text)
    if place:
        before, quote, after = context(note.text, *place)
    else:
        before, quote, after = "", segment.text, ""
    return Excerpt(
        segment,
        before,
        quote,
        after,
        note.interview,
        interview_label(note.interview),
        units_of(note.interview),
        note.question.text if note.question else _("Free notes"),
        place is None,
        list(segment.themes.all()),
    )


def theme_excerpts(
    actor: Actor, campaign: InterviewCampaign, theme: Theme, *, with_subthemes: bool
) -> list[Excerpt]:
    themes = {theme.pk}
    if with_subthemes:
        themes = descendants(parent_map(actor, campaign), theme.pk)
    segments = _segments(actor, campaign).filter(themes__in=themes).distinct()
    return [excerpt_of(segment) for segment in segments]


def all_excerpts(actor: Actor, campaign: InterviewCampaign) -> list[Excerpt]:
    return [excerpt_of(segment) for segment in _segments(actor, campaign)]


# --- Frequency by unit and by role


NO_UNIT = "\x00unit"
NO_ROLE = "\x00role"


@dataclass
class FrequencyTable:
    groups: list[str]  # column labels
    rows: list[tuple[ThemeNode, list[tuple[int, int]], int]]  # node, cells, total interviews


def _cell(count: int, peak: int) -> tuple[int, int]:
    """(count, shade 0–3 relative to the largest count of the table)."""
    return count, (-(-3 * count // peak) if peak else 0)


def frequency(actor: Actor, campaign: InterviewCampaign) -> dict[str, FrequencyTable]:
    """Themes × units and themes × roles: the number of interviews mentioning each theme
    (or one of its sub-themes). The role of a person is their job title (``Person.title``);
    a collective interview counts once in each unit and role of its people."""
    nodes = theme_tree(actor, campaign)
    parents = {node.theme.pk: node.theme.parent_id for node in nodes}
    mentions = list(
        scoped(CodedSegment.objects.all(), actor)
        .filter(note__interview__campaign=campaign)
        .values_list("themes", "note__interview")
        .distinct()
    )
    people = scoped(
        Interview.people.through.objects.all(), actor, field="interview__workspace"
    ).filter(interview__campaign=campaign)
    by_unit: dict[int, set[str]] = defaultdict(set)
    by_role: dict[int, set[str]] = defaultdict(set)
    unit_names: dict[str, str] = {NO_UNIT: _("Unit not given")}
    role_names: dict[str, str] = {NO_ROLE: _("Job title not given")}
    for interview, unit, unit_name, title in people.values_list(
        "interview", "person__unit", "person__unit__name", "person__title"
    ):
        unit_key = f"u{unit}" if unit else NO_UNIT
        if unit:
            unit_names[unit_key] = unit_name
        role = " ".join((title or "").split())
        role_key = role.casefold() if role else NO_ROLE
        role_names.setdefault(role_key, role)
        by_unit[interview].add(unit_key)
        by_role[interview].add(role_key)
    mentioned = [(theme, interview) for theme, interview in mentions if theme is not None]
    tables = {}
    ancestors = ancestors_map(parents)
    for name, groups, labels in (
        ("units", by_unit, unit_names),
        ("roles", by_role, role_names),
    ):
        counts = interviews_by_group(mentioned, groups, ancestors)
        totals = interviews_by_group(mentioned, {i: ["*"] for _t, i in mentioned}, ancestors)
        used = sorted(
            {g for by_group in counts.values() for g in by_group},
            key=lambda g: (g.startswith("\x00"), labels[g].casefold()),
        )
        peak = max((n for by_group in counts.values() for n in by_group.values()), default=0)
        rows = [
            (
                node,
                [_cell(counts.get(node.theme.pk, {}).get(g, 0), peak) for g in used],
                totals.get(node.theme.pk, {}).get("*", 0),
            )
            for node in nodes
        ]
        tables[name] = FrequencyTable([labels[g] for g in used], rows)
    return tables


# --- Search


@dataclass
class SearchHit:
    note: Note
    interview_label: str
    question: str
    before: str
    match: str
    after: str
    start: int


def search_notes(actor: Actor, campaign: InterviewCampaign, query: str) -> tuple[list, int]:
    """Every match of ``query`` in the notes of the campaign (accents and case ignored), with
    a few words around it; at most ``SEARCH_MAX_RESULTS`` are returned, with the total."""
    query = " ".join((query or "").split())
    if not query:
        return [], 0
    notes = (
        scoped(Note.objects.all(), actor)
        .filter(interview__campaign=campaign)
        .exclude(text="")
        .select_related("interview", "question")
        .order_by("interview__scheduled_at", "interview_id", "id")
    )
    hits: list[SearchHit] = []
    total = 0
    for note in notes:
        matches = find_all(note.text, query)
        total += len(matches)
        for start, end in matches:
            if len(hits) >= SEARCH_MAX_RESULTS:
                break
            before, match, after = context(note.text, start, end, words=10)
            hits.append(
                SearchHit(
                    note,
                    interview_label(note.interview),
                    note.question.text if note.question else _("Free notes"),
                    before,
                    match,
                    after,
                    start,
                )
            )
    return hits, total
