"""Which rows belong to a mission, in the order an import creates them.

An explicit, ordered registry rather than a walk of the foreign-key graph: a walk would also
follow links that are not "belonging" (a workshop's organisation, a user), its order would
change whenever a model is added, and a model that must not travel (a secret, a log) would
travel silently. Here each exported model says how its rows are found from the mission, and
``test_registry`` fails when a new tenant model is neither listed nor excluded with a reason.
Foreign keys themselves are remapped generically (``exporting`` / ``importing``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet

# Rows matched by natural keys in the importing workspace (or created): the client
# organisation the mission works with, its unit tree, its people and its interfaces.
DIRECTORY_MODELS = ("orgs.Organization", "orgs.Unit", "orgs.Person", "orgs.Interface")

# Library rows shared by every workspace: a built-in one is referred to by its key.
LIBRARY_MODELS = ("missions.MissionTemplate", "workshops.Method", "workshops.Canvas")


@dataclass(frozen=True)
class Entry:
    label: str  # "app_label.ModelName"
    rows: Callable[[object], Q]  # the filter selecting the mission's rows

    @property
    def model(self):
        return apps.get_model(self.label)

    def queryset(self, mission) -> QuerySet:
        model = self.model
        qs = model.objects.filter(self.rows(mission))
        if any(f.name == "workspace" for f in model._meta.concrete_fields):
            qs = qs.filter(workspace=mission.workspace_id)
        return qs.distinct().order_by("pk")


def _by(path: str) -> Callable[[object], Q]:
    return lambda mission: Q(**{path: mission.pk})


def _org(path: str) -> Callable[[object], Q]:
    return lambda mission: Q(**{path: mission.organization_id})


def _own_library_entry(user_label: str, field: str) -> Callable[[object], Q]:
    """A workspace's own method or canvas used by the mission's workshops travels with it."""

    def rows(mission) -> Q:
        used = apps.get_model(user_label).objects.filter(workshop__mission=mission.pk)
        return Q(workspace__isnull=False, pk__in=used.values(field))

    return rows


WS = "workshop__mission"
PLAN = "plan__mission"

ENTRIES: tuple[Entry, ...] = (
    # The client's directory (natural keys on import).
    Entry("orgs.Organization", _org("pk")),
    Entry("orgs.Unit", _org("organization")),
    Entry("orgs.Person", _org("organization")),
    Entry("orgs.Interface", _org("organization")),
    # The mission and its phases.
    Entry("missions.Mission", _by("pk")),
    Entry("missions.Phase", _by("mission")),
    Entry("missions.ChecklistItem", _by("phase__mission")),
    # Diagnostic: interviews, coding, surveys, readout.
    Entry("diagnostic.InterviewCampaign", _by("mission")),
    Entry("diagnostic.GuideSection", _by("campaign__mission")),
    Entry("diagnostic.GuideQuestion", _by("section__campaign__mission")),
    Entry("diagnostic.Interview", _by("campaign__mission")),
    Entry("diagnostic.Note", _by("interview__campaign__mission")),
    Entry("diagnostic.Theme", _by("campaign__mission")),
    Entry("diagnostic.CodedSegment", _by("note__interview__campaign__mission")),
    Entry("diagnostic.Survey", _by("mission")),
    Entry("diagnostic.SurveySection", _by("survey__mission")),
    Entry("diagnostic.SurveyQuestion", _by("survey__mission")),
    Entry("diagnostic.Wave", _by("survey__mission")),
    Entry("diagnostic.SurveyToken", _by("wave__survey__mission")),
    Entry("diagnostic.Response", _by("wave__survey__mission")),
    Entry("diagnostic.Answer", _by("response__wave__survey__mission")),
    Entry("diagnostic.AnswerTally", _by("wave__survey__mission")),
    Entry("diagnostic.Readout", _by("mission")),
    Entry("diagnostic.Axis", _by("readout__mission")),
    Entry("diagnostic.Finding", _by("axis__readout__mission")),
    Entry("diagnostic.Evidence", _by("finding__axis__readout__mission")),
    # Workshops and their boards.
    Entry("workshops.Method", _own_library_entry("workshops.Activity", "method")),
    Entry("workshops.Canvas", _own_library_entry("workshops.Board", "canvas")),
    Entry("workshops.Workshop", _by("mission")),
    Entry("workshops.Participant", _by(WS)),
    Entry("workshops.Board", _by(WS)),
    Entry("workshops.Column", _by("board__" + WS)),
    Entry("workshops.Cluster", _by("board__" + WS)),
    Entry("workshops.Card", _by("board__" + WS)),
    Entry("workshops.Vote", _by("board__" + WS)),
    Entry("workshops.Activity", _by(WS)),
    Entry("workshops.OpenSpace", _by(WS)),
    Entry("workshops.OpenSpaceRoom", _by("open_space__" + WS)),
    Entry("workshops.OpenSpaceSlot", _by("open_space__" + WS)),
    Entry("workshops.OpenSpaceSession", _by("open_space__" + WS)),
    Entry("workshops.OpenSpaceChoice", _by("session__open_space__" + WS)),
    Entry("workshops.WorldCafe", _by(WS)),
    Entry("workshops.CafeTable", _by("cafe__" + WS)),
    Entry("workshops.CafeSeat", _by("cafe__" + WS)),
    Entry("workshops.WorkshopInvitation", _by(WS)),
    Entry("workshops.WorkshopPhoto", _by(WS)),
    # Team practices of the mission.
    Entry("practices.Team", _by("mission")),
    Entry("practices.TeamMember", _by("team__mission")),
    Entry("practices.TeamRule", _by("team__mission")),
    Entry("practices.VigilancePoint", _by("team__mission")),
    Entry("practices.VigilanceReview", _by("point__team__mission")),
    Entry("practices.CheckIn", _by("team__mission")),
    Entry("practices.TeamClient", _by("team__mission")),
    Entry("practices.Coverage", _by("client__team__mission")),
    Entry("practices.Escalation", _by("team__mission")),
    # Service promises: the plans born in the mission's workshops or on its units in scope.
    Entry(
        "commitments.ServicePlan",
        lambda m: Q(image_workshop__mission=m.pk) | Q(unit__missions=m.pk),
    ),
    Entry("commitments.ImageCategory", lambda m: _plans(m, "plan__")),
    Entry("commitments.InterfacePromise", lambda m: _plans(m, "plan__")),
    Entry("commitments.PromiseItem", lambda m: _plans(m, "promise__plan__")),
    Entry("commitments.Feedback", lambda m: _plans(m, "item__promise__plan__")),
    Entry("commitments.RaciActor", lambda m: _plans(m, "promise__plan__")),
    Entry("commitments.RaciActivity", lambda m: _plans(m, "promise__plan__")),
    Entry("commitments.RaciCell", lambda m: _plans(m, "activity__promise__plan__")),
    Entry("commitments.PromiseVersion", lambda m: _plans(m, "promise__plan__")),
    Entry("commitments.Review", lambda m: _plans(m, "version__promise__plan__")),
    Entry("commitments.ReviewRating", lambda m: _plans(m, "review__version__promise__plan__")),
    Entry("commitments.CounterpartRating", lambda m: _plans(m, "version__promise__plan__")),
    # Consultations.
    Entry("consultations.Consultation", _by("mission")),
    Entry("consultations.Participant", _by("consultation__mission")),
    Entry("consultations.Invitation", _by("consultation__mission")),
    Entry("consultations.Statement", _by("consultation__mission")),
    Entry("consultations.Vote", _by("consultation__mission")),
    Entry("consultations.OpinionMapSnapshot", _by("consultation__mission")),
    # Charters.
    Entry("charters.Document", _by("mission")),
    Entry("charters.Version", _by("document__mission")),
    Entry("charters.Clause", _by("version__document__mission")),
    Entry("charters.Contributor", _by("document__mission")),
    Entry("charters.ClauseVote", _by("contributor__document__mission")),
    Entry("charters.ClauseComment", _by("contributor__document__mission")),
    Entry("charters.Amendment", _by("document__mission")),
    Entry("charters.Feedback", _by("version__document__mission")),
    Entry("charters.Invitation", _by("document__mission")),
    Entry("charters.SectionSource", _by("document__mission")),
    # Steering: plan, actions, governance, indicators.
    Entry("steering.ActionPlan", _by("mission")),
    Entry("steering.Body", _by(PLAN)),
    Entry("steering.Axis", _by(PLAN)),
    Entry("steering.Objective", _by("axis__" + PLAN)),
    Entry("steering.Milestone", _by(PLAN)),
    Entry("steering.Review", _by(PLAN)),
    Entry("steering.Action", _by(PLAN)),
    Entry("steering.ActionDependency", _by("action__" + PLAN)),
    Entry("steering.ActionOrigin", _by("action__" + PLAN)),
    Entry("steering.Decision", _by(PLAN)),
    Entry("steering.Obstacle", _by(PLAN)),
    Entry("steering.Indicator", _by(PLAN)),
    Entry("steering.Measurement", _by("indicator__" + PLAN)),
    Entry("steering.ProgressUpdate", _by(PLAN)),
    # The direction project's governance: its bodies are the plan's.
    Entry("charters.GovernanceSubmission", _by("document__mission")),
    Entry("charters.Adjustment", _by("submission__document__mission")),
    # Workshops' links to what they produced (any exported model): after everything else.
    Entry("workshops.Origin", _by(WS)),
)


def _plans(mission, prefix: str) -> Q:
    return Q(**{prefix + "image_workshop__mission": mission.pk}) | Q(
        **{prefix + "unit__missions": mission.pk}
    )


# Tenant models that do not travel with a mission, and why (checked by the tests).
NOT_EXPORTED = {
    "core.AuditEntry": "the workspace's own history of writes",
    "accounts.Membership": "users and their roles belong to a workspace, not to a mission",
    "accounts.Invitation": "invitations to join a workspace",
    "workshops.BoardEvent": "the realtime resume log; its payloads hold the source ids",
    "steering.CalendarFeed": "a user's private calendar link",
    "reports.Document": "generated files; produce them again from the imported mission",
    "api.ApiToken": "personal secrets",
}

# Capability secrets (join codes, link tokens, keys): never exported; the import draws new
# ones, so links sent for the source workspace never open the copy.
SECRET_FIELDS = {
    "diagnostic.Wave": ("secret",),
    "diagnostic.SurveyToken": ("token_hash",),
    "workshops.Workshop": ("code",),
    "workshops.Participant": ("key",),
    "workshops.WorkshopInvitation": ("token",),
    "practices.TeamMember": ("token_hash",),
    "consultations.Consultation": ("secret",),
    "consultations.Participant": ("key",),
    "consultations.Invitation": ("token",),
    "charters.Document": ("secret",),
    "charters.Contributor": ("key",),
    "charters.Invitation": ("token",),
}

ORDER = {entry.label: index for index, entry in enumerate(ENTRIES)}
