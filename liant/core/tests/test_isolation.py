"""The isolation matrix: no role of workspace A reads or writes anything of workspace B.

Every URL pattern of the project is walked, as the owner, a consultant and a sponsor of A,
with GET and POST, against the objects of B (and, for nested URLs, with A's parent and B's
child). Pages that name one of B's objects must answer 403 or 404; every page must keep B's
marker out of its body; B's rows must be unchanged afterwards; and no row of any workspace
may point at a row of another workspace. A new URL pattern whose arguments the matrix cannot
fill makes this test fail until it is described in ``KWARG_OBJECTS`` or ``EXEMPT``.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from liant.accounts.models import Invitation
from liant.api.tokens import create_token
from liant.commitments.tests.factories import isolation_objects
from liant.core import audit
from liant.core.models import TenantModel
from liant.core.tenancy import Role
from liant.core.testing import (
    InterfaceFactory,
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
    WorkspaceFactory,
    make_actor,
)
from liant.diagnostic.tests.factories import (
    AnswerFactory,
    AxisFactory,
    CodedSegmentFactory,
    EvidenceFactory,
    FindingFactory,
    GuideQuestionFactory,
    GuideSectionFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ReadoutFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveySectionFactory,
    SurveyTokenFactory,
    ThemeFactory,
    WaveFactory,
)
from liant.missions.models import ChecklistItem, MissionTemplate
from liant.missions.services import create_mission
from liant.practices.tests.factories import build_practices
from liant.reports.models import Document
from liant.steering.tests import factories as steering_factories
from liant.workshops import openspace
from liant.workshops.canvas_boards import add_canvas_boards, create_canvas
from liant.workshops.models import Card, Cluster, Method, WorkshopInvitation, WorkshopPhoto
from liant.workshops.services import (
    add_activity,
    add_board,
    create_method,
    create_workshop,
    join,
)
from liant.workshops.worldcafe import configure_cafe

MARK = "ZqSecretOfB"

# URL patterns reachable without being a member, or guarded by a secret in the URL itself
# (the secret is the capability): they are checked by their own tests.
EXEMPT = {
    "accounts:login",
    "accounts:logout",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    "accounts:invitation_accept",
    "set_language",
    "core:health",
    # Participants' pages: the workshop code is the capability (see liant/live/tests).
    "live:join",
    "live:join_workshop",
    "live:board",
    "live:openspace",
    "live:openspace_propose",
    "live:openspace_session",
    "live:cafe",
    "live:invitation",  # a personal link: its token is the capability
    "live:groups",
    "commitments:feedback",  # a signed, expiring link (see liant/commitments/tests)
    "commitments:review_rating",  # the same, for the six-month review's ratings
    "checkin:form",  # a team member's personal check-in link (liant/practices/tests)
    "calendar:feed",  # a personal calendar feed: its token is the capability
}
# Whole namespaces of such pages: survey respondents (the wave's secret or a personal token).
EXEMPT_NAMESPACES = {"respond", "take"}  # take: consultation participants (secret or token)
# Co-written documents' participants: the document's secret link (liant/charters/tests).
EXEMPT_NAMESPACES |= {"contribute"}
# The REST API authenticates by bearer token only: its own matrix is liant/api/tests.
EXEMPT_NAMESPACES.add("api_v1")


@dataclass
class World:
    """One workspace with one of everything, every text carrying ``marker``."""

    marker: str
    objects: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.objects[name]


def build_world(marker: str) -> World:
    workspace = WorkspaceFactory(name=f"Cabinet {marker}")
    owner = make_actor(workspace, Role.OWNER)
    org = OrganizationFactory(workspace=workspace, name=f"Organisation {marker}")
    parent = UnitFactory(organization=org, name=f"Direction {marker}")
    unit = UnitFactory(organization=org, parent=parent, name=f"Service {marker}")
    person = PersonFactory(organization=org, unit=unit, name=f"Personne {marker}")
    interface = InterfaceFactory(
        organization=org, provider=parent, client=unit, description=f"Interface {marker}"
    )
    builtin = MissionTemplate.objects.filter(workspace__isnull=True).first()
    template = MissionTemplate.objects.create(
        workspace=workspace,
        key=f"copy-{marker.lower()}",
        name={"fr": f"Modèle {marker}", "en": f"Template {marker}"},
        summary={"fr": marker, "en": marker},
        copied_from=builtin,
    )
    if builtin:
        for phase in builtin.phases.all():
            phase.pk = None
            phase.template = template
            phase.save()
    mission = create_mission(
        owner,
        organization=org,
        title=f"Mission {marker}",
        start_date=datetime.date(2026, 3, 2),
        template=builtin,
        units_in_scope=[unit],
    )
    phase = mission.phases.first()
    item = ChecklistItem.objects.filter(phase=phase).first() or ChecklistItem.objects.create(
        workspace=workspace, phase=phase, label=f"Tâche {marker}"
    )
    consultant = make_actor(workspace, Role.CONSULTANT)
    sponsor = make_actor(workspace, Role.SPONSOR, organization=org)
    invitation = Invitation.objects.create(
        workspace=workspace, email=f"{marker.lower()}@example.org", role=Role.CONSULTANT
    )
    workshop = create_workshop(owner, title=f"Atelier {marker}", mission=mission)
    board = add_board(owner, workshop, title=f"Tableau {marker}", prompts=[f"Question {marker}"])
    method = create_method(
        owner, name=f"Méthode {marker}", purpose=marker, steps=marker, duration_minutes=20,
        group_format="plenary", board_prompts=f"Question {marker}",
    )  # fmt: skip
    activity = add_activity(
        owner, workshop, title=f"Séquence {marker}", duration_minutes=20, method=method
    )
    space = openspace.enable(
        owner,
        workshop,
        theme=f"Forum {marker}",
        rooms=[f"Salle {marker}"],
        slots=[(datetime.time(10), datetime.time(11))],
    )
    session = openspace.propose(
        join(workshop, pseudonym=f"P{marker}"[:40]), space, title=f"Session {marker}"
    )
    openspace.place(owner, session, space.rooms.get(), space.slots.get())
    configure_cafe(owner, workshop, questions=[f"Café {marker}"], rounds=2, round_minutes=10,
                   table_names=[f"Table {marker}"])  # fmt: skip
    author = join(workshop, pseudonym=f"Pseudo {marker}")
    cluster = Cluster.objects.create(workspace=workspace, board=board, title=f"Groupe {marker}")
    card = Card.objects.create(
        workspace=workspace, board=board, column=board.columns.get(), author=author,
        text=f"Carte {marker}", cluster=cluster,
    )  # fmt: skip
    workshop_invitation = WorkshopInvitation.objects.create(
        workspace=workspace, workshop=workshop, person=person
    )
    photo = WorkshopPhoto.objects.create(
        workspace=workspace, workshop=workshop, image=f"workshop-photos/{marker}.png",
        thumbnail=f"workshop-photos/{marker}-thumb.jpg", image_format="PNG",
        original_name=f"{marker}.png", caption=f"Photo {marker}",
    )  # fmt: skip
    canvas = create_canvas(
        owner, name=f"Canevas {marker}", columns=2, zones=f"Zone {marker} | {marker} | 1,1"
    )
    add_canvas_boards(owner, workshop, canvas, title=f"Parcours {marker}", groups=2)
    audit.record(owner, "test.seed", org, f"Seed {marker}")
    document = Document.objects.create(
        workspace=workspace, kind="readout", object_id=mission.pk, format="pdf", status="done",
        title=f"Document {marker}", file=f"documents/{marker}.pdf", requested_by=owner.user,
    )  # fmt: skip
    diagnostic = build_diagnostic(marker, mission, person, unit)
    consultations = build_consultations(marker, owner, mission, person)
    charter = build_charter(owner, marker, mission)
    steering = build_steering(marker, mission, person)
    direction = build_direction(owner, marker, mission, card, steering["body"])
    track = build_steering_track(marker, mission, person, owner)
    return World(
        marker,
        {
            **diagnostic,
            **consultations,
            **build_practices(marker, unit, person),
            **charter,
            **steering,
            **direction,
            **track,
            "workspace": workspace,
            "owner": owner,
            "consultant": consultant,
            "sponsor": sponsor,
            "organization": org,
            "parent_unit": parent,
            "unit": unit,
            "person": person,
            "interface": interface,
            "template": template,
            "mission": mission,
            "phase": phase,
            "checklist_item": item,
            "invitation": invitation,
            "membership": consultant.membership,
            "workshop": workshop,
            "board": board,
            "method": method,
            "activity": activity,
            "openspace_room": space.rooms.get(),
            "openspace_slot": space.slots.get(),
            "openspace_session": session,
            "card": card,
            "cluster": cluster,
            "workshop_invitation": workshop_invitation,
            "photo": photo,
            "canvas": canvas,
            **isolation_objects(marker, owner, interface),
            "report": document,
            "api_token": create_token(owner, name=f"Jeton {marker}")[0],
        },
    )


def build_charter(owner, marker: str, mission) -> dict:
    """A charter (issue 8) opened to participants, with a vote, a comment and an amendment."""
    from liant.charters import services as charters

    document = charters.create_document(owner, mission, title=f"Charte {marker}", purpose=marker)
    clause = charters.add_clause(owner, document, title=f"Clause {marker}", text=marker)
    charters.open_participation(owner, document)
    contributor = charters.join(document)
    charters.vote(contributor, clause, "agree")
    charters.comment(contributor, clause, f"Commentaire {marker}")
    charters.propose(
        contributor, clause, kind="replace", text=f"Nouveau {marker}", rationale=marker
    )
    charters.invite(owner, document, [mission.organization.people.first()])
    return {
        "document": document, "version": clause.version, "clause": clause,
        "document_invitation": document.invitations.get(),
    }  # fmt: skip


def build_direction(owner, marker: str, mission, card, body) -> dict:
    """A direction project (issue 10): a card linked as a source of a section, a version
    validated with adjustments by the mission's body (its next version has the checklist)."""
    from liant.charters import services_direction as direction

    document = direction.create_direction(owner, mission, title=f"Projet {marker}")
    section = document.versions.get().clauses.first()
    (source,) = direction.add_sources(owner, section, [card])
    direction.submit(owner, document, body=body)
    submission = direction.record_decision(
        owner, document, section.version, outcome="adjusted", body=body,
        decided_on=datetime.date.today(), adjustments=[f"Ajustement {marker}"],
    )  # fmt: skip
    return {
        "direction_source": source,
        "direction_adjustment": submission.adjustments.get(),
    }


def build_diagnostic(marker: str, mission, person, unit) -> dict:
    """One of every diagnostic object (issue 5), in ``mission``."""
    campaign = InterviewCampaignFactory(mission=mission, title=f"Campagne {marker}")
    campaign.partners.add(person)
    guide_section = GuideSectionFactory(campaign=campaign, title=f"Section {marker}")
    guide_question = GuideQuestionFactory(section=guide_section, text=f"Question {marker}")
    interview = InterviewFactory(campaign=campaign, label=f"Entretien {marker}", people=[person])
    note = NoteFactory(interview=interview, question=guide_question, text=f"Note {marker} " * 3)
    theme = ThemeFactory(campaign=campaign, name=f"Thème {marker}", description=marker)
    segment = CodedSegmentFactory(note=note, themes=[theme])
    survey = SurveyFactory(mission=mission, title=f"Questionnaire {marker}", roles=[marker])
    survey_section = SurveySectionFactory(survey=survey, title=f"Partie {marker}")
    survey_question = SurveyQuestionFactory(
        survey=survey, section=survey_section, kind="text", text=f"Question {marker}"
    )
    wave = WaveFactory(survey=survey, number=1)
    token = SurveyTokenFactory(wave=wave, person=person, unit=unit)
    answer = AnswerFactory(
        response__wave=wave, response__unit=unit, question=survey_question, value=None,
        text=f"Réponse {marker}",
    )  # fmt: skip
    readout = ReadoutFactory(mission=mission, title=f"Restitution {marker}")
    axis = AxisFactory(readout=readout, title=f"Axe {marker}")
    finding = FindingFactory(axis=axis, text=f"Constat {marker}")
    evidence = EvidenceFactory(finding=finding, theme=theme, comment=marker)
    return {
        "campaign": campaign,
        "guide_section": guide_section,
        "guide_question": guide_question,
        "interview": interview,
        "note": note,
        "theme": theme,
        "segment": segment,
        "survey": survey,
        "survey_section": survey_section,
        "survey_question": survey_question,
        "wave": wave,
        "token": token,
        "response": answer.response,
        "answer": answer,
        "readout": readout,
        "axis": axis,
        "finding": finding,
        "evidence": evidence,
    }


def build_consultations(marker: str, owner, mission, person) -> dict:
    """One of every consultation object (issue 8), in ``mission``."""
    from liant.consultations import services as consult

    consultation = consult.create_consultation(
        owner, mission, title=f"Consultation {marker}", question=f"Question {marker}",
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    statement = consult.add_seed_statement(owner, consultation, f"Proposition {marker}")
    participant = consult.join(consultation)
    consult.cast_vote(participant, statement, 1)
    consult.submit_statement(participant, f"Idée {marker} en attente", confirmed=True)
    (consultation_invitation,) = consult.invite(owner, consultation, [person])
    return {
        "consultation": consultation,
        "statement": statement,
        "consultation_invitation": consultation_invitation,
    }


def build_steering(marker: str, mission, person) -> dict:
    """One of every plan object (issue 7), in ``mission``."""
    f = steering_factories
    plan = f.ActionPlanFactory(mission=mission, title=f"Plan {marker}")
    plan_axis = f.AxisFactory(plan=plan, title=f"Axe du plan {marker}")
    objective = f.ObjectiveFactory(axis=plan_axis, title=f"Objectif {marker}")
    milestone = f.MilestoneFactory(plan=plan, title=f"Jalon {marker}")
    action = f.ActionFactory(
        plan=plan, objective=objective, owner=person, title=f"Action {marker}",
        milestone=milestone,
    )  # fmt: skip
    body = f.BodyFactory(plan=plan, name=f"Comité {marker}", members=[person])
    decision = f.DecisionFactory(plan=plan, title=f"Décision {marker}", actions=[action])
    return {
        "plan": plan,
        "plan_axis": plan_axis,
        "objective": objective,
        "milestone": milestone,
        "action": action,
        "body": body,
        "decision": decision,
    }


def build_steering_track(marker: str, mission, person, owner) -> dict:
    """One of every object of the steering track part (issue 7), on the mission's plan."""
    from liant.steering import models as steering
    from liant.steering.tests import factories as st

    plan = steering.ActionPlan.objects.filter(mission=mission).first() or st.ActionPlanFactory(
        mission=mission, title=f"Plan {marker}"
    )
    review = st.ReviewFactory(plan=plan, title=f"Point {marker}", minutes=marker)
    obstacle = st.ObstacleFactory(plan=plan, title=f"Obstacle {marker}", owner=person)
    indicator = st.IndicatorFactory(plan=plan, name=f"Indicateur {marker}", unit=marker[:10])
    measurement = st.MeasurementFactory(indicator=indicator, comment=f"Mesure {marker}")
    update = st.ProgressUpdateFactory(
        plan=plan, title=f"Nouvelles {marker}", published_at=datetime.datetime.now(datetime.UTC)
    )
    feed = st.CalendarFeedFactory(workspace=mission.workspace, user=owner.user)
    return {
        "review": review,
        "obstacle": obstacle,
        "indicator": indicator,
        "measurement": measurement,
        "progress_update": update,
        "calendar_feed": feed,
    }


# Which object a URL keyword names. ``pk`` depends on the app the URL belongs to.
PK_BY_NAMESPACE = {"orgs": "organization", "missions": "mission", "workshops": "workshop"}
KWARG_OBJECTS = {
    "org_pk": "organization",
    "organization_pk": "organization",
    "unit_pk": "unit",
    "person_pk": "person",
    "interface_pk": "interface",
    "mission_pk": "mission",
    "phase_pk": "phase",
    "item_pk": "checklist_item",
    "template_pk": "template",
    "invitation_pk": "invitation",
    "membership_pk": "membership",
    "member_pk": "membership",
    "board_pk": "board",
    "method_pk": "method",
    "activity_pk": "activity",
    "room_pk": "openspace_room",
    "slot_pk": "openspace_slot",
    "session_pk": "openspace_session",
    "card_pk": "card",
    "cluster_pk": "cluster",
    "invite_pk": "workshop_invitation",
    "photo_pk": "photo",
    "canvas_pk": "canvas",
    # Diagnostic (issue 5): name URL arguments after their object, never a bare ``pk``.
    "campaign_pk": "campaign",
    "guide_section_pk": "guide_section",
    "guide_question_pk": "guide_question",
    "interview_pk": "interview",
    "note_pk": "note",
    "theme_pk": "theme",
    "segment_pk": "segment",
    "survey_pk": "survey",
    "survey_section_pk": "survey_section",
    "survey_question_pk": "survey_question",
    "wave_pk": "wave",
    "token_pk": "token",
    "readout_pk": "readout",
    "axis_pk": "axis",
    "finding_pk": "finding",
    "evidence_pk": "evidence",
    "promise_item_pk": "promise_item",
    "raci_activity_pk": "raci_activity",
    "promise_version_pk": "promise_version",
    "review_rating_pk": "review_rating",
    # Consultations (issue 8).
    "consultation_pk": "consultation",
    "statement_pk": "statement",
    "consultation_invitation_pk": "consultation_invitation",
    # Team practices (issue 6).
    "team_pk": "team",
    "team_rule_pk": "team_rule",
    "team_member_pk": "team_member",
    "team_client_pk": "team_client",
    "escalation_pk": "escalation",
    "vigilance_point_pk": "vigilance_point",
    # Co-written documents (issue 8).
    "document_pk": "document",
    "version_pk": "version",
    "clause_pk": "clause",
    "doc_invitation_pk": "document_invitation",
    # Direction projects (issue 10).
    "direction_source_pk": "direction_source",
    "direction_adjustment_pk": "direction_adjustment",
    # Action plan (issue 7, plan part).
    "plan_axis_pk": "plan_axis",
    "objective_pk": "objective",
    "action_pk": "action",
    "milestone_pk": "milestone",
    "body_pk": "body",
    "decision_pk": "decision",
    # Steering, track part (issue 7).
    "review_pk": "review",
    "obstacle_pk": "obstacle",
    "indicator_pk": "indicator",
    "measurement_pk": "measurement",
    "update_pk": "progress_update",
    "feed_pk": "calendar_feed",
    "report_pk": "report",
    "api_token_pk": "api_token",
}
# URL names whose ``pk`` is not the namespace's default object.
PK_BY_URL_NAME = {
    "missions:template_detail": "template",
    "missions:template_edit": "template",
    "missions:template_copy": "template",
    "missions:template_delete": "template",
}


def walk(resolver=None, namespace="", outer=()):
    """(name, URL arguments, namespace) of every named pattern, with the arguments of the
    includes around it (``/missions/<mission_pk>/diagnostic/…``)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry, ns, (*outer, *entry.pattern.converters))
        elif isinstance(entry, URLPattern) and entry.name and namespace not in EXEMPT_NAMESPACES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, [*outer, *entry.pattern.converters], namespace


def object_for(name: str, namespace: str, kwarg: str) -> str:
    if kwarg == "pk":
        return PK_BY_URL_NAME.get(name) or PK_BY_NAMESPACE[namespace]
    return KWARG_OBJECTS[kwarg]


def url_variants(name: str, namespace: str, kwargs: list[str], a: World, b: World):
    """All-B arguments, then each argument B with the others A (a nested URL's parent check)."""
    targets = {k: object_for(name, namespace, k) for k in kwargs}
    yield reverse(name, kwargs={k: b[t].pk for k, t in targets.items()})
    if len(kwargs) > 1:
        for victim in kwargs:
            mixed = {k: (b if k == victim else a)[t].pk for k, t in targets.items()}
            yield reverse(name, kwargs=mixed)


def hostile_post_data(b: World) -> dict:
    """Form data that points every foreign key a form could take at B's objects."""
    return {
        "name": "Intrus",
        "title": "Intrus",
        "label": "Intrus",
        "email": "intrus@example.org",
        "organization": b["organization"].pk,
        "parent": b["unit"].pk,
        "new_parent": b["unit"].pk,
        "unit": b["unit"].pk,
        "provider": b["unit"].pk,
        "client": b["parent_unit"].pk,
        "template": b["template"].pk,
        "units_in_scope": b["unit"].pk,
        "consultants": b["owner"].user.pk,
        "mission": b["mission"].pk,
        "phase": b["phase"].pk,
        "workspace": b["workspace"].pk,
        "start_date": "2026-05-04",
        "language": "fr",
        "role": "consultant",
        "kind": "service",
        "workshop": b["workshop"].pk,
        "method": b["method"].pk,
        "expected_people": b["person"].pk,
        "order": str(b["activity"].pk),
        "campaign": b["campaign"].pk,
        "interview": b["interview"].pk,
        "question": b["guide_question"].pk,
        "people": b["person"].pk,
        "partners": b["person"].pk,
        "target_units": b["unit"].pk,
        "target_people": b["person"].pk,
        "interviewer": b["owner"].user.pk,
        "note": b["note"].pk,
        "theme": b["theme"].pk,
        "themes": b["theme"].pk,
        "segment": b["segment"].pk,
        "survey": b["survey"].pk,
        "section": b["survey_section"].pk,
        "wave": b["wave"].pk,
        "readout": b["readout"].pk,
        "axis": b["axis"].pk,
        "finding": b["finding"].pk,
        "statement": b["statement"].pk,
        "text": "Intrus",
        "decision": "accept",
        "document": b["document"].pk,
        "objective": b["objective"].pk,
        "owner": b["person"].pk,
        "contributors": b["person"].pk,
        "members": b["person"].pk,
        "depends_on": b["action"].pk,
        "actions": b["action"].pk,
        "body": b["body"].pk,
        "milestone": b["milestone"].pk,
    }


def fingerprint(workspace) -> dict:
    """Every tenant row of a workspace, as plain values (updated_at excluded)."""
    rows = {}
    for model in apps.get_models():
        if issubclass(model, TenantModel):
            values = model.objects.filter(workspace=workspace).values()
            rows[model._meta.label] = sorted(
                (tuple(sorted((k, str(v)) for k, v in r.items() if k != "updated_at")))
                for r in values
            )
    rows["memberships"] = sorted(workspace.memberships.values_list("user_id", "role"))
    rows["invitations"] = sorted(workspace.invitations.values_list("email", "revoked_at"))
    rows["methods"] = sorted(  # workspace methods (built-in ones have no workspace)
        str(sorted(m.items())) for m in Method.objects.filter(workspace=workspace).values()
    )
    return rows


def cross_workspace_links() -> list[str]:
    """Rows of a tenant model pointing at a tenant row of another workspace."""
    problems = []
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for f in model._meta.get_fields():
            target = getattr(f, "related_model", None)
            if not (target and issubclass(target, TenantModel) and f.concrete):
                continue
            leak = model.objects.filter(**{f"{f.name}__isnull": False}).exclude(
                **{f"{f.name}__workspace": F("workspace")}
            )
            if leak.exists():
                problems.append(f"{model._meta.label}.{f.name}")
    return problems


@pytest.fixture
def worlds(db):
    a = build_world("Alpha")
    b = build_world(MARK)
    return a, b


def test_every_url_pattern_is_covered():
    for name, kwargs, namespace in walk():
        if name in EXEMPT:
            continue
        for kwarg in kwargs:
            object_for(name, namespace, kwarg)  # raises KeyError for an unknown argument


@pytest.mark.parametrize("role", ["owner", "consultant", "sponsor"])
def test_no_role_of_a_reaches_anything_of_b(client, worlds, role):
    a, b = worlds
    before = fingerprint(b["workspace"])
    client.force_login(a[role].user)
    checked = 0
    for name, kwargs, namespace in walk():
        if name in EXEMPT:
            continue
        if kwargs:
            urls = list(url_variants(name, namespace, kwargs, a, b))
        else:
            urls = [reverse(name)]
        for url, method in itertools.product(urls, ["get", "post"]):
            data = hostile_post_data(b) if method == "post" else {}
            response = getattr(client, method)(url, data)
            body = response.content.decode(errors="replace")
            assert MARK not in body, f"{role} {method.upper()} {url} shows data of B"
            if kwargs:
                assert response.status_code in (403, 404), (
                    f"{role} {method.upper()} {url} → {response.status_code}"
                )
            else:
                assert response.status_code < 500, f"{role} {method.upper()} {url} → 5xx"
            checked += 1
    assert checked > 20
    assert fingerprint(b["workspace"]) == before, "B's data changed"
    assert cross_workspace_links() == []
