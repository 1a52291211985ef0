"""The built-in survey templates: ``data/survey_templates.json``, checked when read.

Each template has a key, a title, a summary and an introduction in French and English, the
role and seniority lists offered to respondents (the same number in each language) and
sections of questions. Every question has a known kind, a text in both languages, an
optional help text, options (choice kinds) or rows (matrices) — the same number in each
language — and a ``required`` flag. A malformed file raises ``SurveyTemplateError`` naming
the template and the place. Templates are data, not rows: creating a survey from one copies
its texts in the consultant's language.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .models import MAX_OPTIONS, OPTION_MAX_LENGTH, SurveyQuestion

DATA_FILE = Path(__file__).resolve().parent / "data" / "survey_templates.json"
LANGUAGES = ("fr", "en")
KINDS = tuple(SurveyQuestion.Kind.values)
MIN_QUESTIONS, MAX_QUESTIONS = 8, 15


class SurveyTemplateError(ValueError):
    pass


def _text(where: str, value, *, optional: bool = False, limit: int | None = None) -> dict:
    if value is None and optional:
        return {lang: "" for lang in LANGUAGES}
    if not isinstance(value, dict) or any(lang not in value for lang in LANGUAGES):
        raise SurveyTemplateError(f"{where}: an object with fr and en is expected")
    for lang in LANGUAGES:
        if not isinstance(value[lang], str) or (not optional and not value[lang].strip()):
            raise SurveyTemplateError(f"{where}: empty in {lang}")
        if limit and len(value[lang]) > limit:
            raise SurveyTemplateError(f"{where}: longer than {limit} characters in {lang}")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def _labels(where: str, value) -> dict:
    if value is None:
        return {lang: [] for lang in LANGUAGES}
    if not isinstance(value, dict) or any(lang not in value for lang in LANGUAGES):
        raise SurveyTemplateError(f"{where}: an object with fr and en lists is expected")
    for lang in LANGUAGES:
        items = value[lang]
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise SurveyTemplateError(f"{where}: a list of texts is expected in {lang}")
        if len(items) > MAX_OPTIONS or any(len(i) > OPTION_MAX_LENGTH for i in items):
            raise SurveyTemplateError(f"{where}: too many or too long labels in {lang}")
        if len({i.strip().casefold() for i in items}) != len(items):
            raise SurveyTemplateError(f"{where}: duplicate labels in {lang}")
    if len(value["fr"]) != len(value["en"]):
        raise SurveyTemplateError(f"{where}: not as many labels in fr and en")
    return {lang: [i.strip() for i in value[lang]] for lang in LANGUAGES}


def _question(where: str, data) -> dict:
    if not isinstance(data, dict):
        raise SurveyTemplateError(f"{where}: an object is expected")
    kind = data.get("kind")
    if kind not in KINDS:
        raise SurveyTemplateError(f"{where}: kind must be one of {', '.join(KINDS)}")
    question = {
        "kind": kind,
        "text": _text(f"{where}.text", data.get("text"), limit=500),
        "help_text": _text(f"{where}.help_text", data.get("help_text"), optional=True, limit=300),
        "options": _labels(f"{where}.options", data.get("options")),
        "rows": _labels(f"{where}.rows", data.get("rows")),
        "required": data.get("required", False),
    }
    if not isinstance(question["required"], bool):
        raise SurveyTemplateError(f"{where}: required must be true or false")
    choice = kind in SurveyQuestion.CHOICE_KINDS
    if choice != (len(question["options"]["fr"]) >= 2):
        raise SurveyTemplateError(f"{where}: choice questions (only) have two options or more")
    if (kind == SurveyQuestion.Kind.MATRIX) != bool(question["rows"]["fr"]):
        raise SurveyTemplateError(f"{where}: matrix questions (only) have rows")
    return question


def _template(index: int, data) -> dict:
    if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not data["key"]:
        raise SurveyTemplateError(f"template #{index}: an object with a key is expected")
    where = f"template {data['key']!r}"
    template = {
        "key": data["key"],
        "title": _text(f"{where}.title", data.get("title"), limit=200),
        "summary": _text(f"{where}.summary", data.get("summary")),
        "description": _text(f"{where}.description", data.get("description")),
        "roles": _labels(f"{where}.roles", data.get("roles")),
        "seniority_bands": _labels(f"{where}.seniority_bands", data.get("seniority_bands")),
        "sections": [],
    }
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise SurveyTemplateError(f"{where}: a non-empty list of sections is expected")
    for s_index, section in enumerate(sections, start=1):
        here = f"{where} section {s_index}"
        if not isinstance(section, dict) or not isinstance(section.get("questions"), list):
            raise SurveyTemplateError(f"{here}: an object with questions is expected")
        template["sections"].append(
            {
                "title": _text(f"{here}.title", section.get("title"), limit=200),
                "description": _text(
                    f"{here}.description", section.get("description"), optional=True
                ),
                "questions": [
                    _question(f"{here} question {q_index}", question)
                    for q_index, question in enumerate(section["questions"], start=1)
                ],
            }
        )
    count = sum(len(s["questions"]) for s in template["sections"])
    if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        raise SurveyTemplateError(
            f"{where}: {count} questions, between {MIN_QUESTIONS} and {MAX_QUESTIONS} expected"
        )
    return template


def load_templates(path: Path = DATA_FILE) -> list[dict]:
    """The templates of the data file, checked (``SurveyTemplateError`` otherwise)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as error:
        raise SurveyTemplateError(f"{path.name} is not valid JSON: {error}") from error
    if not isinstance(data, list) or not data:
        raise SurveyTemplateError(f"{path.name}: a non-empty list of templates is expected")
    templates = [_template(index, item) for index, item in enumerate(data)]
    keys = [t["key"] for t in templates]
    if len(set(keys)) != len(keys):
        raise SurveyTemplateError(f"{path.name}: duplicate keys")
    return templates


@cache
def builtin_templates() -> dict[str, dict]:
    """The built-in templates by key (read once per process)."""
    return {template["key"]: template for template in load_templates()}


def in_language(template: dict, language: str) -> dict:
    """A template's texts in one language (French when the language is not offered)."""
    lang = (language or "").split("-")[0]
    lang = lang if lang in LANGUAGES else "fr"
    return {
        "key": template["key"],
        "title": template["title"][lang],
        "summary": template["summary"][lang],
        "description": template["description"][lang],
        "roles": template["roles"][lang],
        "seniority_bands": template["seniority_bands"][lang],
        "question_count": sum(len(s["questions"]) for s in template["sections"]),
        "sections": [
            {
                "title": section["title"][lang],
                "description": section["description"][lang],
                "questions": [
                    {
                        "kind": q["kind"],
                        "text": q["text"][lang],
                        "help_text": q["help_text"][lang],
                        "options": q["options"][lang],
                        "rows": q["rows"][lang],
                        "required": q["required"],
                    }
                    for q in section["questions"]
                ],
            }
            for section in template["sections"]
        ],
    }
