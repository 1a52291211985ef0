"""The readout's services and selectors: default axes, order, evidence rules, publication,
the public (sponsor) view and the k-safety of survey evidence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from liant.core.audit import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import MissionFactory, make_actor
from liant.diagnostic import selectors_readout as sel
from liant.diagnostic import services_readout as svc
from liant.diagnostic.figures_readout import readout_axes
from liant.diagnostic.models import Axis, Evidence, Finding, Readout, SurveyQuestion, Wave

from .factories import (
    AnswerFactory,
    AxisFactory,
    CodedSegmentFactory,
    FindingFactory,
    InterviewCampaignFactory,
    NoteFactory,
    ResponseFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission():
    return MissionFactory(title="Mission Lorient")


@pytest.fixture
def consultant(mission):
    return make_actor(mission.workspace, Role.CONSULTANT)


@pytest.fixture
def readout(consultant, mission):
    return svc.ensure_readout(consultant, mission)


def _finding(readout, kind=Finding.Kind.FINDING, text="Les outils changent souvent."):
    return FindingFactory(axis=readout.axes.first(), kind=kind, text=text)


def _answers(wave, question, values, **kwargs):
    for value in values:
        AnswerFactory(response=ResponseFactory(wave=wave), question=question, value=value, **kwargs)


# --- Default axes and order


def test_first_open_creates_four_axes_in_the_users_language(consultant, mission):
    readout = svc.ensure_readout(consultant, mission)
    assert readout.title == "Restitution du diagnostic"
    assert [(a.kind, a.title, a.position) for a in readout.axes.all()] == [
        ("operational", "Opérationnel", 0),
        ("tools", "Outils", 1),
        ("organisation", "Organisation du travail", 2),
        ("hr", "Ressources humaines", 3),
    ]
    assert svc.ensure_readout(consultant, mission) == readout  # second open: nothing new
    assert Axis.objects.count() == 4
    assert AuditEntry.objects.filter(action="diagnostic.readout_create").count() == 1


def test_default_axes_in_english(consultant, mission):
    with translation.override("en"):
        readout = svc.ensure_readout(consultant, mission)
    assert [a.title for a in readout.axes.all()] == [
        "Operational",
        "Tools",
        "Work organisation",
        "Human resources",
    ]


def test_sponsors_and_other_workspaces_cannot_write(mission, readout):
    sponsor = make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)
    stranger = make_actor(role=Role.OWNER)
    for actor in (sponsor, stranger):
        with pytest.raises(PermissionDenied):
            svc.ensure_readout(actor, mission)
        with pytest.raises(PermissionDenied):
            svc.add_axis(actor, readout, title="X", kind="other", description="")
        with pytest.raises(PermissionDenied):
            svc.publish_readout(actor, readout)
    assert readout.axes.count() == 4


def test_axes_are_added_last_moved_and_renumbered(consultant, readout):
    axis = svc.add_axis(consultant, readout, title="Management", kind="other", description="")
    assert axis.position == 4
    svc.move_axis(consultant, axis, -1)
    svc.move_axis(consultant, axis, -1)
    titles = list(readout.axes.values_list("title", flat=True))
    assert titles == ["Opérationnel", "Outils", "Management", "Organisation du travail",
                      "Ressources humaines"]  # fmt: skip
    svc.move_axis(consultant, readout.axes.first(), -1)  # already first: no change
    assert readout.axes.first().title == "Opérationnel"
    svc.delete_axis(consultant, readout.axes.get(title="Outils"))
    assert list(readout.axes.values_list("position", flat=True)) == [0, 1, 2, 3]


def test_axis_needs_a_title_and_a_known_kind(consultant, readout):
    with pytest.raises(ValidationError):
        svc.add_axis(consultant, readout, title="", kind="other", description="")
    with pytest.raises(ValidationError):
        svc.add_axis(consultant, readout, title="Axe", kind="weather", description="")
    assert readout.axes.count() == 4


def test_findings_are_ordered_per_list(consultant, readout):
    axis = readout.axes.first()
    first = svc.add_finding(consultant, axis, kind="finding", text="Un")
    second = svc.add_finding(consultant, axis, kind="finding", text="Deux")
    strength = svc.add_finding(consultant, axis, kind="strength", text="Force")
    assert (first.position, second.position, strength.position) == (0, 1, 0)
    svc.move_finding(consultant, second, -1)
    assert list(axis.findings.filter(kind="finding").values_list("text", flat=True)) == [
        "Deux",
        "Un",
    ]
    # Changing list puts it at the end of the new list and closes the gap in the old one.
    svc.update_finding(consultant, second, kind="strength", text="Deux")
    assert list(axis.findings.filter(kind="strength").values_list("text", "position")) == [
        ("Force", 0),
        ("Deux", 1),
    ]
    assert list(axis.findings.filter(kind="finding").values_list("text", "position")) == [("Un", 0)]
    svc.delete_finding(consultant, strength)
    assert list(axis.findings.filter(kind="strength").values_list("position", flat=True)) == [0]


# --- Evidence rules


@pytest.fixture
def material(mission):
    """A coded excerpt, a theme and a survey question with an opened wave, of this mission."""
    campaign = InterviewCampaignFactory(mission=mission)
    theme = ThemeFactory(campaign=campaign, name="Outils")
    note = NoteFactory(interview__campaign=campaign)
    segment = CodedSegmentFactory(note=note, themes=[theme])
    survey = SurveyFactory(mission=mission)
    question = SurveyQuestionFactory(survey=survey)
    wave = WaveFactory(survey=survey)
    return {"theme": theme, "segment": segment, "question": question, "wave": wave}


def test_evidence_of_each_kind(consultant, readout, material):
    finding = _finding(readout)
    by_segment = svc.add_evidence(consultant, finding, segment=material["segment"])
    by_theme = svc.add_evidence(consultant, finding, theme=material["theme"], comment="Fréquent")
    by_question = svc.add_evidence(
        consultant, finding, question=material["question"], wave=material["wave"]
    )
    assert [e.kind for e in finding.evidence.all()] == ["segment", "theme", "question"]
    assert (by_segment.position, by_theme.position, by_question.position) == (0, 1, 2)
    svc.delete_evidence(consultant, by_segment)
    assert list(finding.evidence.values_list("position", flat=True)) == [0, 1]


@pytest.mark.parametrize(
    "targets",
    [
        {},
        {"segment": "segment", "theme": "theme"},
        {"theme": "theme", "question": "question", "wave": "wave"},
        {"question": "question"},
        {"wave": "wave"},
    ],
)
def test_evidence_needs_exactly_one_target(consultant, readout, material, targets):
    finding = _finding(readout)
    with pytest.raises(ValidationError):
        svc.add_evidence(consultant, finding, **{k: material[v] for k, v in targets.items()})
    assert not Evidence.objects.exists()


def test_evidence_from_another_mission_or_workspace_is_refused(consultant, readout, material):
    finding = _finding(readout)
    other_mission = MissionFactory(organization=readout.mission.organization)
    foreign = MissionFactory()  # another workspace
    for mission in (other_mission, foreign):
        campaign = InterviewCampaignFactory(mission=mission)
        theme = ThemeFactory(campaign=campaign)
        segment = CodedSegmentFactory(note=NoteFactory(interview__campaign=campaign))
        wave = WaveFactory(survey__mission=mission)
        question = SurveyQuestionFactory(survey=wave.survey)
        for kwargs in (
            {"theme": theme},
            {"segment": segment},
            {"question": question, "wave": wave},
        ):
            with pytest.raises(ValidationError):
                svc.add_evidence(consultant, finding, **kwargs)
    # A wave of another survey of the same mission, a wave not opened yet, a duplicate.
    other_wave = WaveFactory(survey__mission=readout.mission)
    draft = WaveFactory(survey=material["question"].survey, status=Wave.Status.DRAFT)
    for wave in (other_wave, draft):
        with pytest.raises(ValidationError):
            svc.add_evidence(consultant, finding, question=material["question"], wave=wave)
    svc.add_evidence(consultant, finding, theme=material["theme"])
    with pytest.raises(ValidationError):
        svc.add_evidence(consultant, finding, theme=material["theme"])
    assert Evidence.objects.count() == 1


# --- Publication and the public view


def test_publish_needs_a_finding_then_unpublish(consultant, readout):
    with pytest.raises(ValidationError):
        svc.publish_readout(consultant, readout)
    readout.refresh_from_db()
    assert readout.status == Readout.Status.DRAFT and readout.published_at is None
    _finding(readout)
    svc.publish_readout(consultant, readout)
    readout.refresh_from_db()
    assert readout.is_published and readout.published_at is not None
    svc.unpublish_readout(consultant, readout)
    readout.refresh_from_db()
    assert readout.status == Readout.Status.DRAFT and readout.published_at is None


def test_public_view_quotes_only_quotable_excerpts_and_counts_the_others(
    consultant, readout, material
):
    finding = _finding(readout)
    note = material["segment"].note
    quotable = CodedSegmentFactory(note=note, start=0, end=10, quotable=True)
    svc.add_evidence(consultant, finding, segment=quotable, comment="Dit par la directrice")
    svc.add_evidence(consultant, finding, segment=material["segment"])
    svc.add_evidence(consultant, finding, theme=material["theme"], comment="secret")
    staff = sel.readout_view(consultant, readout, public=False)[0].lists[0][2][0]
    assert [item["kind"] for item in staff.evidence] == ["segment", "segment", "theme"]
    assert staff.evidence[0]["comment"] == "Dit par la directrice"
    public = sel.readout_view(consultant, readout, public=True)[0].lists[0][2][0]
    assert [item["kind"] for item in public.evidence] == ["quote", "theme"]
    assert public.evidence[0] == {
        "kind": "quote",
        "text": quotable.text,
        "pk": public.evidence[0]["pk"],
    }
    assert public.hidden_excerpts == 1 and public.evidence_count == 3
    assert public.evidence[1]["comment"] == ""
    assert (public.evidence[1]["excerpts"], public.evidence[1]["interviews"]) == (1, 1)


def test_theme_counts_excerpts_and_distinct_interviews(consultant, readout, material):
    theme = material["theme"]
    CodedSegmentFactory(note=material["segment"].note, start=1, end=5, themes=[theme])
    CodedSegmentFactory(note=NoteFactory(interview__campaign=theme.campaign), themes=[theme])
    themes = {t.pk: t for t in sel.evidence_themes(consultant, readout.mission)}
    assert (themes[theme.pk].excerpt_count, themes[theme.pk].interview_count) == (3, 2)


# --- k-safety of survey evidence


def test_survey_summary_hides_everything_under_five_answers(material):
    question, wave = material["question"], material["wave"]
    _answers(wave, question, [5, 4, 4, 2])
    summary = sel.survey_summary(question, wave)
    assert summary["shown"] is False
    assert summary["answers"] is None and summary["mean"] is None
    assert summary["distribution"] == [] and summary["k"] == 5
    _answers(wave, question, [5])
    summary = sel.survey_summary(question, wave)
    assert summary["shown"] is True and summary["answers"] == 5
    assert summary["mean"] == pytest.approx(4.0)
    assert [bar["count"] for bar in summary["distribution"]] == [0, 1, 0, 2, 2]
    assert [bar["percent"] for bar in summary["distribution"]] == [0, 20, 0, 40, 40]


def test_survey_summary_counts_only_its_wave_and_question(material):
    question, wave = material["question"], material["wave"]
    other_wave = WaveFactory(survey=question.survey)
    other_question = SurveyQuestionFactory(survey=question.survey)
    _answers(wave, question, [3, 3, 3])
    _answers(other_wave, question, [1, 1, 1])
    _answers(wave, other_question, [1, 1])
    assert sel.survey_summary(question, wave)["shown"] is False


def test_survey_summary_of_choices_matrix_and_text(material):
    wave = material["wave"]
    choice = SurveyQuestionFactory(
        survey=wave.survey, kind=SurveyQuestion.Kind.MULTIPLE, options=["A", "B", "C"]
    )
    matrix = SurveyQuestionFactory(
        survey=wave.survey, kind=SurveyQuestion.Kind.MATRIX, rows=["Charge", "Sens"]
    )
    text = SurveyQuestionFactory(survey=wave.survey, kind=SurveyQuestion.Kind.TEXT)
    for i in range(5):
        response = ResponseFactory(wave=wave)
        AnswerFactory(response=response, question=choice, value=None, choices=[0, 2] if i else [1])
        matrix_answer = {"0": 2 + i % 2} if i < 4 else {"0": 3, "1": 5}
        AnswerFactory(response=response, question=matrix, value=None, matrix=matrix_answer)
        AnswerFactory(response=response, question=text, value=None, text=f"Mme Dupont {i}")
    summary = sel.survey_summary(choice, wave)
    assert [(b["label"], b["count"]) for b in summary["distribution"]] == [
        ("A", 4),
        ("B", 1),
        ("C", 4),
    ]
    rows = sel.survey_summary(matrix, wave)["rows"]
    assert rows[0]["mean"] == pytest.approx(2.6) and rows[1]["mean"] is None  # 1 answer < k
    text_summary = sel.survey_summary(text, wave)
    assert text_summary["answers"] == 5
    assert "Dupont" not in repr(text_summary)


def test_staff_and_sponsor_summaries_agree(consultant, mission, material):
    """Staff see part d's question_summary, sponsors this module's: same figures, same k."""
    question, wave = material["question"], material["wave"]
    sponsor = make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)
    _answers(wave, question, [5, 4, 4, 2])
    for actor in (consultant, sponsor):
        summary = sel.evidence_summary(actor, question, wave)
        assert summary["shown"] is False and summary["answers"] is None
    _answers(wave, question, [1, 3])
    staff = sel.evidence_summary(consultant, question, wave, public=True)
    public = sel.evidence_summary(sponsor, question, wave, public=True)
    assert staff["answers"] == public["answers"] == 6
    assert staff["mean"] == pytest.approx(public["mean"]) == pytest.approx(19 / 6)
    assert [b["count"] for b in staff["distribution"]] == [1, 1, 1, 2, 1]
    assert [b["count"] for b in public["distribution"]] == [1, 1, 1, 2, 1]
    assert staff["scale_max"] == public["scale_max"] == 5


# --- Key figure


def test_key_figure_counts_axes_for_staff_and_for_sponsors_once_published(
    consultant, mission, readout
):
    sponsor = make_actor(mission.workspace, Role.SPONSOR, organization=mission.organization)
    figure = readout_axes(consultant, mission)
    assert figure.value == "4" and figure.label == "Axes co-construits"
    assert readout_axes(sponsor, mission) is None
    _finding(readout)
    svc.publish_readout(consultant, readout)
    assert readout_axes(sponsor, mission).value == "4"
    assert readout_axes(consultant, MissionFactory(organization=mission.organization)) is None


def test_key_figure_is_silent_without_axes(consultant, mission):
    readout = svc.ensure_readout(consultant, mission)
    for axis in list(readout.axes.all()):
        svc.delete_axis(consultant, axis)
    assert readout_axes(consultant, mission) is None
    AxisFactory(readout=readout)
    assert readout_axes(consultant, mission).value == "1"
