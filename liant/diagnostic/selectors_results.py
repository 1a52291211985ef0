"""Survey results (part d of issue 5): distributions, means, eNPS, breakdowns, heatmap, trends.

Who sees them: the mission's staff only (owners, consultants), through ``get_survey`` and
``get_wave``; sponsors get 404 and see survey findings only as the readout's evidence.

Anonymity: every figure goes through ``liant.analysis.anonymity.disclose`` with k =
``K_ANONYMITY``, per question (its answers are the population: an optional question may have
fewer answers than the wave has respondents), over the three breakdowns together (unit tree,
role, seniority) so that no difference of shown cells, within one breakdown or across two,
isolates fewer than k people. A hidden cell carries no number and no text.

Cost: a wave is read with a fixed number of queries whatever its size (respondents per
combination of breakdown values; the wave's answer tallies, see ``tallies.py``, instead of
its answers; the free-text answers), then computed in Python and cached per wave until a
response arrives (or a question or unit changes).

``question_summary(actor, question, wave)`` is the **survey result source** of the readout:
the k-safe summary of one question in one wave, as plain data (see its docstring).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from liant.analysis import survey_stats
from liant.analysis.anonymity import TOTAL, Disclosure, ancestors, disclose, flat
from liant.core.tenancy import Actor, scoped
from liant.missions.models import Mission
from liant.orgs.models import Unit

from . import tallies
from .models import (
    K_ANONYMITY,
    LIKERT_MAX,
    LIKERT_MIN,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    AnswerTally,
    Response,
    Survey,
    SurveyQuestion,
    Wave,
)
from .selectors import get_survey, get_wave

Kind = SurveyQuestion.Kind
BREAKDOWNS = ("unit", "role", "seniority")  # index 0, 1, 2 of every atom
NUMERIC = (Kind.LIKERT, Kind.SCALE)
TEXTS_PER_CELL = 20
TEXTS_PER_GROUP = 8
CLUSTER_AT_MOST = 300  # free-text answers grouped per question (a sample beyond)
CACHE_SECONDS = 3600
logger = logging.getLogger(__name__)


def scale_of(kind: str) -> range:
    if kind == Kind.SCALE:
        return range(SCALE_MIN, SCALE_MAX + 1)
    return range(LIKERT_MIN, LIKERT_MAX + 1)


# --- Reading a wave (a fixed number of queries)


@dataclass
class WaveData:
    """Plain data of one wave. An *atom* is (unit pk or TOTAL, role or TOTAL, seniority or
    TOTAL): the breakdown values a group of respondents share."""

    respondents: dict[tuple, int]
    # Tallied questions (all but free text), from ``tallies``: per breakdown, the slot counts
    # of each declared node (``cells[q][b][node][slot]``: a value, an option index, a matrix
    # (row, rating), or "n" for choice and matrix answers); answers per question; the atoms
    # of the questions that some respondents left unanswered.
    cells: dict[int, list[dict[Any, Counter]]]
    answered: dict[int, int]
    partial_atoms: dict[int, dict[tuple, int]]
    texts: dict[int, list[tuple[tuple, str]]]  # free-text question → [(atom, text)]
    parents: list[dict]  # per breakdown: node → parent

    def atoms_of(self, question: SurveyQuestion) -> dict[tuple, int]:
        if question.kind == Kind.TEXT:
            atoms: dict[tuple, int] = defaultdict(int)
            for atom, _ in self.texts.get(question.pk, []):
                atoms[atom] += 1
            return dict(atoms)
        # Everybody answered (the usual case): the respondents' atoms, computed once.
        return self.partial_atoms.get(question.pk, self.respondents)


def _atom(unit_id, role, seniority) -> tuple:
    return (unit_id or TOTAL, role or TOTAL, seniority or TOTAL)


def results_units(actor: Actor, mission: Mission) -> list[Unit]:
    return list(
        scoped(Unit.objects.all(), actor)
        .filter(organization_id=mission.organization_id)
        .only("id", "parent_id", "name", "position", "updated_at")
    )


ATOM_FIELDS = ("response__unit_id", "response__role", "response__seniority")


def _read_tallies(rows, tallied: dict, units: set, respondents: dict) -> tuple | None:
    """(cells, answered, partial atoms) from the tally rows, or None when they do not add up
    to the wave's respondents (answers written around the services: recount)."""
    cells: dict[int, list[dict[Any, Counter]]] = defaultdict(
        lambda: [defaultdict(Counter) for _ in BREAKDOWNS]
    )
    answered: Counter = Counter()
    skipped: dict[int, Counter] = defaultdict(Counter)

    def unit_node(unit_id):  # a unit deleted since: its respondents have no unit now
        return unit_id if unit_id in units else None

    for question_id, b, node, slot, n in rows:
        question = tallied.get(question_id)
        if question is None or not n:
            continue
        if b == tallies.SKIPPED:
            unit_id, role, seniority = json.loads(node)
            skipped[question_id][_atom(unit_node(unit_id), role, seniority)] += n
            continue
        key = tallies.parse_slot(slot)
        if key == tallies.ANSWERS:
            if b == tallies.ROLE:  # every answer is in exactly one role node
                answered[question_id] += n
            if question.kind in NUMERIC:
                continue
        if b == tallies.UNIT:
            node = unit_node(int(node)) if node else None
        cells[question_id][b][node or TOTAL][key] += n
    total = sum(respondents.values())
    partial = {}
    for question_id in tallied:
        if answered[question_id] + sum(skipped[question_id].values()) != total:
            return None
        if skipped[question_id]:
            atoms = Counter(respondents)
            atoms.subtract(skipped[question_id])
            if any(n < 0 for n in atoms.values()):
                return None
            partial[question_id] = {atom: n for atom, n in atoms.items() if n > 0}
    return dict(cells), dict(answered), partial


def load_wave(
    actor: Actor,
    survey: Survey,
    wave: Wave,
    questions: list[SurveyQuestion],
    units: list[Unit],
) -> WaveData:
    """Three queries whatever the number of responses: respondents per atom, the wave's
    tallies (a few thousand rows), the free-text answers (``0`` keeps an empty list of
    questions a real query). Tallies that do not add up are recounted first; should they
    still differ (a response stored between two reads), this page counts from the answers."""
    responses = scoped(Response.objects.all(), actor).filter(wave=wave)
    by_atom = responses.values_list("unit_id", "role", "seniority").annotate(n=Count("id"))
    tallied = {q.pk: q for q in questions if tallies.is_tallied(q.kind)}
    unit_ids = {unit.pk for unit in units}
    stored = scoped(AnswerTally.objects.all(), actor).filter(wave=wave)
    fields = ("question_id", "breakdown", "node", "slot", "count")

    def read_stored():
        respondents = {_atom(u, r, s): n for u, r, s, n in by_atom.order_by()}
        found = _read_tallies(stored.values_list(*fields), tallied, unit_ids, respondents)
        return respondents, found

    respondents, read = read_stored()
    if read is None:
        logger.warning("survey tallies of wave %s did not add up: recounted", wave.pk)
        tallies.recount(wave)
        respondents, read = read_stored()
    if read is None:  # a response arrived between two reads: count from one snapshot
        counts, atoms = tallies.counted(wave)
        respondents = defaultdict(int)
        for atom, n in atoms.items():
            respondents[_atom(*atom)] += n
        respondents = dict(respondents)
        rows = [(*key, n) for key, n in counts.items()]
        read = _read_tallies(rows, tallied, unit_ids, respondents)
    cells, answered, partial = read or ({}, {}, {})
    texts: dict[int, list] = defaultdict(list)
    text_ids = [0, *(q.pk for q in questions if q.kind == Kind.TEXT)]
    rows = (
        scoped(Answer.objects.all(), actor)
        .filter(response__wave=wave, question_id__in=text_ids)
        .values_list("question_id", *ATOM_FIELDS, "text")
    )
    for question_id, unit_id, role, seniority, text in rows:
        if text:  # an empty answer answers nothing
            texts[question_id].append((_atom(unit_id, role, seniority), text))
    unit_tree = {unit.pk: unit.parent_id or TOTAL for unit in units}
    parents = [unit_tree, flat(survey.roles or []), flat(survey.seniority_bands or [])]
    return WaveData(respondents, cells, answered, partial, dict(texts), parents)


# --- Summaries (plain data, cached)


class Chains:
    """The nodes above a declared node (itself included, ``TOTAL`` excluded), per breakdown,
    computed once per node."""

    def __init__(self, parents: list[dict]):
        self.parents = parents
        self.memo: dict[tuple[int, Any], list] = {}

    def __call__(self, b: int, node) -> list:
        key = (b, node)
        if key not in self.memo:
            self.memo[key] = ancestors(node, self.parents[b])[:-1]
        return self.memo[key]


def _cells(disclosure: Disclosure, b: int) -> dict:
    """node → shown? for the nodes of breakdown b that have people."""
    return {
        node: node in disclosure.visible[b]
        for node, n in disclosure.counts[b].items()
        if n > 0 and node != TOTAL
    }


def _numeric_figures(question, distribution: Counter, overall: bool = True) -> dict:
    """A breakdown cell shows no bars: only the overall figures carry them."""
    figures = {
        "n": survey_stats.answer_count(distribution),
        "mean": survey_stats.mean(distribution),
        "enps": survey_stats.enps(distribution) if question.kind == Kind.SCALE else None,
    }
    if overall:
        figures["bars"] = survey_stats.bars(distribution, scale_of(question.kind))
    return figures


def _choice_figures(question, counts: Counter, overall: bool = True) -> dict:
    """``counts``: option index → answers choosing it, "n" → answers."""
    n = counts.get(tallies.ANSWERS, 0)
    return {
        "n": n,
        "options": [
            (label, counts.get(i, 0), survey_stats.percent(counts.get(i, 0), n))
            for i, label in enumerate(question.options or [])
        ],
    }


def _matrix_figures(question, counts: Counter, overall: bool = True) -> dict:
    """``counts``: (row, rating) → answers giving it, "n" → answers."""
    values = range(LIKERT_MIN, LIKERT_MAX + 1)
    rows = []
    for i, label in enumerate(question.rows or []):
        per_row = Counter({v: counts[(i, v)] for v in values if counts.get((i, v))})
        rows.append(
            {
                "label": label,
                "n": survey_stats.answer_count(per_row),
                "mean": survey_stats.mean(per_row),
                "bars": survey_stats.bars(per_row, values),
            }
        )
    return {"n": counts.get(tallies.ANSWERS, 0), "rows": rows}


def _summarise_tallied(question, by_node: list[dict[Any, Counter]], disclosure, chains) -> dict:
    """Numeric, choice and matrix questions: the declared nodes' counts added up the trees."""
    if question.kind in NUMERIC:
        figures = _numeric_figures
    elif question.kind == Kind.MATRIX:
        figures = _matrix_figures
    else:
        figures = _choice_figures
    cells: list[dict] = [defaultdict(Counter) for _ in BREAKDOWNS]
    overall: Counter = Counter()
    for b in range(len(BREAKDOWNS)):
        for declared, counts in (by_node[b] if by_node else {}).items():
            if b == 1:  # every answer falls in exactly one role node (or TOTAL)
                overall.update(counts)
            for node in chains(b, declared):
                cells[b][node].update(counts)
    return {
        "overall": figures(question, overall) if disclosure.total_visible else None,
        "cells": [
            {
                node: figures(question, cells[b][node], overall=False) if shown else None
                for node, shown in _cells(disclosure, b).items()
            }
            for b in range(len(BREAKDOWNS))
        ],
    }


def _summarise_texts(items: list, disclosure, chains) -> dict:
    def figures(contents, limit=None):
        # Sorted: the rows' storage order would follow the order of submission. A breakdown
        # cell lists its first TEXTS_PER_CELL only (and says how many more): the cached
        # results keep no more, which keeps them small to store and to read.
        if limit is None:
            texts = sorted(contents, key=str.casefold)
        else:
            texts = heapq.nsmallest(limit, contents, key=str.casefold)
        return {"n": len(contents), "texts": texts}

    cells: list[dict] = [defaultdict(list) for _ in BREAKDOWNS]
    for atom, text in items:
        for b in range(len(BREAKDOWNS)):
            for node in chains(b, atom[b]):
                cells[b][node].append(text)
    overall = [text for _, text in items]
    return {
        "overall": figures(overall) if disclosure.total_visible else None,
        "cells": [
            {
                node: figures(cells[b][node], TEXTS_PER_CELL) if shown else None
                for node, shown in _cells(disclosure, b).items()
            }
            for b in range(len(BREAKDOWNS))
        ],
    }


def _cache_key(
    survey: Survey, wave: Wave, questions: list[SurveyQuestion], units: list[Unit], n: int
) -> str:
    """Exact: the wave's tallies version moves with every response stored or deleted through
    the services (``n``, its number of responses, with rows written around them, as the
    tests and bulk imports do); the stamp with every edit of the survey (its breakdown
    labels), a question or a unit. The number of questions tells a subset (the numeric
    questions) from the whole survey."""
    edited = [survey.updated_at, *(q.updated_at for q in questions), *(u.updated_at for u in units)]
    stamp = max(edited).timestamp()
    version = f"v{wave.tallies_version}:{n}"
    return f"dg-results:{wave.workspace_id}:{wave.pk}:{version}:{len(questions)}:{stamp}"


def compute_wave(
    actor: Actor, survey: Survey, wave: Wave, questions: list[SurveyQuestion], units: list[Unit]
) -> dict:
    """Per question of ``questions`` (all the survey's, or its numeric ones only: the
    heatmap and trends need no free-text answers), its k-safe figures overall and per shown
    breakdown cell; cached until the wave's tallies, the survey, a question or a unit change."""
    n = scoped(Response.objects.all(), actor).filter(wave=wave).count()
    key = _cache_key(survey, wave, questions, units, n)
    found = cache.get(key)
    if found is not None:
        return found
    data = load_wave(actor, survey, wave, questions, units)
    respondents = disclose(data.respondents, data.parents, K_ANONYMITY)
    memo: dict[frozenset, Disclosure] = {frozenset(data.respondents.items()): respondents}
    chains = Chains(data.parents)
    per_question = {}
    for question in questions:
        atoms = data.atoms_of(question)
        signature = frozenset(atoms.items())
        if signature not in memo:
            memo[signature] = disclose(atoms, data.parents, K_ANONYMITY)
        disclosure = memo[signature]
        if question.kind == Kind.TEXT:
            figures = _summarise_texts(data.texts.get(question.pk, []), disclosure, chains)
        else:
            figures = _summarise_tallied(question, data.cells.get(question.pk), disclosure, chains)
        figures["answers"] = disclosure.total
        per_question[question.pk] = figures
    result = {
        "respondents": respondents.total,
        "respondents_shown": respondents.total_visible,
        "respondent_cells": [
            {
                node: respondents.count(b, node) if shown else None
                for node, shown in _cells(respondents, b).items()
            }
            for b in range(len(BREAKDOWNS))
        ],
        "questions": per_question,
    }
    cache.set(key, result, CACHE_SECONDS)
    return result


# --- Free-text groups (the live board's clustering), cached per sample of answers


def _suggested(sample: list[str], language: str) -> list[tuple[str, list[int]]]:
    """(label, indexes in ``sample``) per group. The grouping depends on the sample and the
    language only: cached under their digest, it stays exact whatever answers arrive (a new
    answer that does not enter the sample leaves it as it was)."""
    digest = hashlib.sha256("\x1f".join([language, *sample]).encode()).hexdigest()
    key = f"dg-results:groups:{digest}"
    found = cache.get(key)
    if found is None:
        from liant.analysis.clustering import suggest_groups

        found = [(s.label, list(s.indices)) for s in suggest_groups(sample, language)]
        cache.set(key, found, CACHE_SECONDS)
    return found


def text_groups(texts: list[str], language: str) -> dict:
    """Groups of similar answers (``suggest_groups``), the ungrouped rest, and whether the
    grouping used a sample (beyond ``CLUSTER_AT_MOST`` answers)."""
    sample = texts[:CLUSTER_AT_MOST]
    grouped: set[int] = set()
    groups = []
    for label, indices in _suggested(sample, language):
        members = [sample[i] for i in indices]
        grouped.update(indices)
        groups.append({"label": label, "count": len(members), "texts": members})
    rest = [text for i, text in enumerate(sample) if i not in grouped]
    rest += texts[len(sample) :]  # beyond the sample: listed, not grouped
    return {
        "groups": groups,
        "rest": rest,
        "sampled": len(texts) > len(sample),
        "sample": len(sample),
    }


# --- Pages


def results_survey(actor: Actor, mission: Mission, survey_pk: int) -> Survey:
    return get_survey(actor, mission, survey_pk)


def results_wave(actor: Actor, survey: Survey, wave_pk: int) -> Wave:
    return get_wave(actor, survey, wave_pk)


def survey_waves(actor: Actor, survey: Survey) -> list[Wave]:
    qs = scoped(Wave.objects.all(), actor).filter(survey=survey).order_by("number")
    return list(qs.annotate(response_count=Count("responses")))


def survey_questions(actor: Actor, survey: Survey) -> list[SurveyQuestion]:
    return list(
        scoped(SurveyQuestion.objects.all(), actor)
        .filter(survey=survey)
        .select_related("section")
        .order_by("section__position", "position", "id")
    )


@dataclass
class Row:
    """One line of a breakdown: a cell's label, depth (units), and figures or None (hidden)."""

    key: Any
    label: str
    depth: int
    figures: dict | None
    count: int | None = None


def unit_rows(units: list[Unit], cells: dict) -> list[Row]:
    """The units that have answers, depth-first in the organisation's order."""
    children: dict[Any, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id or TOTAL].append(unit)
    rows: list[Row] = []

    def visit(parent, depth):
        for unit in sorted(children[parent], key=lambda u: (u.position, u.name)):
            if unit.pk in cells:
                rows.append(Row(unit.pk, unit.name, depth, cells[unit.pk]))
                visit(unit.pk, depth + 1)

    visit(TOTAL, 0)
    return rows


def label_rows(labels: list[str], cells: dict) -> list[Row]:
    ordered = [label for label in labels if label in cells]
    ordered += sorted(str(label) for label in cells if label not in labels)
    return [Row(label, label, 0, cells[label]) for label in ordered]


def breakdown_rows(b: int, survey: Survey, units: list[Unit], cells: dict) -> list[Row]:
    if b == 0:
        return unit_rows(units, cells)
    return label_rows(survey.roles if b == 1 else survey.seniority_bands, cells)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    number: int
    figures: dict
    rows: list[Row] = field(default_factory=list)
    groups: dict | None = None
    body: str = ""  # the breakdown rows as HTML (``results_html.breakdown_body``)


@dataclass
class WaveResults:
    survey: Survey
    wave: Wave
    waves: list[Wave]
    respondents: int
    shown: bool
    questions: list[QuestionResult]
    breakdown: str | None
    respondent_rows: list[Row]


def wave_results(
    actor: Actor, survey: Survey, wave: Wave, by: str | None, language: str
) -> WaveResults:
    mission = survey.mission
    questions = survey_questions(actor, survey)
    units = results_units(actor, mission)
    data = compute_wave(actor, survey, wave, questions, units)
    b = BREAKDOWNS.index(by) if by in BREAKDOWNS else None
    results = []
    for number, question in enumerate(questions, start=1):
        figures = data["questions"][question.pk]
        result = QuestionResult(question, number, figures)
        if b is not None:
            result.rows = breakdown_rows(b, survey, units, figures["cells"][b])
        if b is None and question.kind == Kind.TEXT and figures["overall"]:
            result.groups = text_groups(figures["overall"]["texts"], language)
        results.append(result)
    respondent_rows = []
    if b is not None:
        cells = data["respondent_cells"][b]
        respondent_rows = breakdown_rows(b, survey, units, cells)
        for row in respondent_rows:
            row.count, row.figures = row.figures, None
    return WaveResults(
        survey,
        wave,
        survey_waves(actor, survey),
        data["respondents"],
        data["respondents_shown"],
        results,
        by if b is not None else None,
        respondent_rows,
    )


# --- Heatmap: units × questions


@dataclass
class Heatmap:
    questions: list[tuple[int, SurveyQuestion]]
    overall: list[dict | None]
    rows: list[Row]  # figures = list of cells, one per question: {"mean", "level"} or None


def heatmap(actor: Actor, survey: Survey, wave: Wave) -> Heatmap:
    """The mean of every numeric question in every unit that has answers; None = hidden."""
    questions = survey_questions(actor, survey)
    units = results_units(actor, survey.mission)
    numeric = [(n, q) for n, q in enumerate(questions, start=1) if q.kind in NUMERIC]
    data = compute_wave(actor, survey, wave, [q for _, q in numeric], units)

    def cell(question, figures):
        if not figures or figures["mean"] is None:
            return None
        scale = scale_of(question.kind)
        level = survey_stats.normalised(figures["mean"], scale.start, scale.stop - 1)
        return {"mean": figures["mean"], "n": figures["n"], "level": min(4, int(level * 5))}

    unit_nodes: dict = {}
    for _, question in numeric:
        for node in data["questions"][question.pk]["cells"][0]:
            unit_nodes[node] = []
    for node in unit_nodes:
        for _, question in numeric:
            cells = data["questions"][question.pk]["cells"][0]
            unit_nodes[node].append(cell(question, cells.get(node)) if node in cells else None)
    overall = [cell(q, data["questions"][q.pk]["overall"]) for _, q in numeric]
    return Heatmap(numeric, overall, unit_rows(units, unit_nodes))


# --- Trends across waves


@dataclass
class Trend:
    question: SurveyQuestion
    number: int
    means: list[float | None]  # per wave, None when hidden or unanswered
    changes: list[float | None]  # from the previous wave
    units: list[tuple[str, int, list[float | None], list[float | None]]]  # name, depth…
    body: str = ""  # the rows as HTML (``results_html.trend_body``)


def _changes(means: list[float | None]) -> list[float | None]:
    return [None] + [
        (b - a) if a is not None and b is not None else None
        for a, b in zip(means, means[1:], strict=False)
    ]


def trends(actor: Actor, survey: Survey) -> tuple[list[Wave], list[Trend]]:
    """Per numeric question, its mean in each wave and the change; per unit, the means of
    the waves where that unit's cell passes the threshold (a change needs both waves)."""
    waves = survey_waves(actor, survey)
    all_questions = survey_questions(actor, survey)
    questions = [q for q in all_questions if q.kind in NUMERIC]
    units = results_units(actor, survey.mission)
    names = {unit.pk: unit.name for unit in units}
    per_wave = [compute_wave(actor, survey, wave, questions, units) for wave in waves]
    numbers = {q.pk: n for n, q in enumerate(all_questions, start=1)}
    result = []
    for question in questions:
        means = []
        unit_means: dict[Any, list[float | None]] = defaultdict(lambda: [None] * len(waves))
        for w, data in enumerate(per_wave):
            figures = data["questions"][question.pk]
            means.append(figures["overall"]["mean"] if figures["overall"] else None)
            for node, cell in figures["cells"][0].items():
                if cell is not None:
                    unit_means[node][w] = cell["mean"]
        ordered = [row for row in unit_rows(units, dict(unit_means)) if row.key in names]
        result.append(
            Trend(
                question,
                numbers[question.pk],
                means,
                _changes(means),
                [(row.label, row.depth, row.figures, _changes(row.figures)) for row in ordered],
            )
        )
    return waves, result


# --- The survey result source of the readout (evidence)


def question_summary(actor: Actor, question: SurveyQuestion, wave: Wave) -> dict:
    """The k-safe summary of one question in one wave, for the readout's evidence.

    Scoped like the results pages (staff of the question's workspace; Http404 otherwise, or
    when the wave is not a wave of the question's survey). Returns plain data::

        {"question": str, "kind": str, "wave": int, "k": 5,
         "answers": int | None,        # None when under k (then nothing else is given)
         "shown": bool,
         "mean": float | None,         # likert 1–5, scale 0–10, matrix: mean of its rows
         "enps": float | None,         # scale 0–10 only, −100…100
         "distribution": [{"label": str, "count": int, "percent": float}],
         "rows": [{"label": str, "mean": float | None, "count": int}],   # matrix
         "groups": [{"label": str, "count": int}]}                       # free text

    It never carries a breakdown: per-unit figures stay on the results pages, where the
    complementary suppression of all cells is applied together.
    """
    question = get_object_or_404(
        scoped(SurveyQuestion.objects.select_related("survey__mission"), actor), pk=question.pk
    )
    survey = get_survey(actor, question.survey.mission, question.survey_id)
    wave = get_wave(actor, survey, wave.pk)
    questions = survey_questions(actor, survey)
    data = compute_wave(actor, survey, wave, questions, results_units(actor, survey.mission))
    figures = data["questions"][question.pk]
    overall = figures["overall"]
    summary: dict[str, Any] = {
        "question": question.text,
        "kind": question.kind,
        "wave": wave.number,
        "k": K_ANONYMITY,
        "answers": figures["answers"] if overall else None,
        "shown": overall is not None,
        "mean": None,
        "enps": None,
        "distribution": [],
        "rows": [],
        "groups": [],
    }
    if overall is None:
        return summary
    if question.kind in NUMERIC:
        summary["mean"] = overall["mean"]
        summary["enps"] = overall["enps"]
        summary["distribution"] = [
            {"label": str(v), "count": c, "percent": p} for v, c, p in overall["bars"]
        ]
    elif question.kind == Kind.MATRIX:
        summary["rows"] = [
            {"label": r["label"], "mean": r["mean"], "count": r["n"]} for r in overall["rows"]
        ]
        means = [r["mean"] for r in overall["rows"] if r["mean"] is not None]
        summary["mean"] = sum(means) / len(means) if means else None
    elif question.kind == Kind.TEXT:
        language = (get_language() or "fr")[:2]
        groups = text_groups(overall["texts"], language)
        summary["groups"] = [{"label": g["label"], "count": g["count"]} for g in groups["groups"]]
    else:
        summary["distribution"] = [
            {"label": label, "count": c, "percent": p} for label, c, p in overall["options"]
        ]
    return summary
