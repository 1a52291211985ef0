"""Reads on service promises, always within the actor's workspace (sponsors: their
organisation only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.core.tenancy import Actor, scoped
from liant.orgs.models import Interface, Organization, Person, Unit

from . import raci, signing
from .models import (
    Feedback,
    InterfacePromise,
    PromiseItem,
    PromiseVersion,
    RaciActivity,
    Review,
    ServicePlan,
)

REMINDER_DAYS = 30


def _visible(qs, actor: Actor, org_lookup: str = "organization_id"):
    """The actor's workspace; a sponsor's organisation only (``org_lookup`` names its id)."""
    qs = scoped(qs, actor)
    if actor.is_sponsor:
        qs = qs.filter(**{org_lookup: actor.sponsored_organization_id})
    return qs


def get_organization(actor: Actor, pk: int) -> Organization:
    return get_object_or_404(_visible(Organization.objects.all(), actor, "pk").filter(pk=pk))


def get_unit(actor: Actor, pk: int) -> Unit:
    return get_object_or_404(_visible(Unit.objects.select_related("organization"), actor), pk=pk)


def get_interface(actor: Actor, pk: int) -> Interface:
    return get_object_or_404(
        _visible(Interface.objects.select_related("organization", "provider", "client"), actor),
        pk=pk,
    )


def get_item(actor: Actor, interface: Interface, pk: int) -> PromiseItem:
    return get_object_or_404(
        scoped(PromiseItem.objects.all(), actor), pk=pk, promise__interface=interface
    )


def get_raci_activity(actor: Actor, interface: Interface, pk: int) -> RaciActivity:
    return get_object_or_404(
        scoped(RaciActivity.objects.all(), actor), pk=pk, promise__interface=interface
    )


def get_version(actor: Actor, interface: Interface, pk: int) -> PromiseVersion:
    return get_object_or_404(
        scoped(PromiseVersion.objects.select_related("promise__interface"), actor),
        pk=pk,
        promise__interface=interface,
    )


def promise_of(interface: Interface) -> InterfacePromise | None:
    return (
        InterfacePromise.objects.filter(interface=interface)
        .select_related("plan", "pair_first", "pair_second", "contact", "interface__client")
        .first()
    )


def plan_of(unit: Unit) -> ServicePlan | None:
    return ServicePlan.objects.filter(unit=unit).select_related("image_board").first()


def team_of(unit: Unit):
    return Person.objects.filter(unit=unit).order_by("name")


def client_units_to_add(unit: Unit):
    """Units of the organisation that are not yet internal clients of ``unit``."""
    taken = Interface.objects.filter(provider=unit).values("client_id")
    return (
        Unit.objects.filter(organization_id=unit.organization_id)
        .exclude(pk=unit.pk)
        .exclude(pk__in=taken)
        .order_by("name")
    )


# --- The nine steps --------------------------------------------------------------------------

TODO, STARTED, DONE = "todo", "started", "done"
STATUS_LABELS = {
    TODO: gettext_lazy("To do"),
    STARTED: gettext_lazy("Under way"),
    DONE: gettext_lazy("Done"),
}


@dataclass
class Step:
    number: int
    key: str
    title: str
    status: str
    produces: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class InterfaceRow:
    interface: Interface
    promise: InterfacePromise | None
    items: dict[str, list[PromiseItem]] = field(default_factory=dict)
    last_version: PromiseVersion | None = None
    last_review: Review | None = None
    feedback_count: int = 0

    @property
    def has_items(self) -> bool:
        return bool(self.items.get("expectation")) and bool(self.items.get("commitment"))


def interface_rows(interfaces) -> list[InterfaceRow]:
    """Each interface with its promise, items, last version and last review, in few queries."""
    interfaces = list(interfaces)
    promises = {
        p.interface_id: p
        for p in InterfacePromise.objects.filter(interface__in=interfaces)
        .select_related("pair_first", "pair_second", "contact")
        .prefetch_related(
            Prefetch("items", queryset=PromiseItem.objects.prefetch_related("feedback")),
            Prefetch(
                "versions",
                queryset=PromiseVersion.objects.select_related("review").order_by("-number"),
            ),
        )
    }
    rows = []
    for interface in interfaces:
        promise = promises.get(interface.pk)
        row = InterfaceRow(interface, promise, {kind: [] for kind in PromiseItem.Kind.values})
        if promise is not None:
            for item in promise.items.all():
                row.items[item.kind].append(item)
                row.feedback_count += len(item.feedback.all())
            versions = list(promise.versions.all())
            row.last_version = versions[0] if versions else None
            row.last_review = next((v.review for v in versions if hasattr(v, "review")), None)
        rows.append(row)
    return rows


def plan_steps(unit: Unit, plan: ServicePlan | None, rows: list[InterfaceRow]) -> list[Step]:
    """The status of each step, read from what it produced."""
    categories = plan.image_categories.count() if plan else 0
    n = len(rows)

    def share(done: int) -> str:
        return DONE if n and done == n else (STARTED if done else TODO)

    paired = sum(1 for r in rows if r.promise and r.promise.has_pair)
    written = sum(1 for r in rows if r.has_items)
    answered = sum(1 for r in rows if r.feedback_count)
    published = sum(1 for r in rows if r.last_version)
    reviewed = sum(1 for r in rows if r.last_review)
    board = plan.image_board if plan else None
    return [
        Step(1, "gather", _("Gather the team"), DONE if plan and plan.gathered_on else TODO,
             _("Met on %(date)s") % {"date": plan.gathered_on.strftime("%d/%m/%Y")}
             if plan and plan.gathered_on else _("The date and who took part")),
        Step(2, "mission", _("Write the mission of the unit"),
             DONE if plan and plan.mission_statement else TODO, _("The mission statement")),
        Step(3, "clients", _("List the internal clients"), DONE if n else TODO,
             _("%(count)s internal clients") % {"count": n}),
        Step(4, "image", _("Desired image session"),
             DONE if categories else (STARTED if board else TODO),
             _("%(count)s image categories") % {"count": categories}),
        Step(5, "pairs", _("A pair per interface"), share(paired),
             _("%(done)s of %(total)s interfaces") % {"done": paired, "total": n}),
        Step(6, "items", _("Expectations, commitments, operating modes"), share(written),
             _("%(done)s of %(total)s interfaces") % {"done": written, "total": n}),
        Step(7, "feedback", _("Counterpart feedback"), share(answered),
             _("%(done)s of %(total)s interfaces answered") % {"done": answered, "total": n}),
        Step(8, "promise", _("Written promise, published"), share(published),
             _("%(done)s of %(total)s published") % {"done": published, "total": n}),
        Step(9, "review", _("Review six months later"), share(reviewed),
             _("%(done)s of %(total)s reviewed") % {"done": reviewed, "total": n}),
    ]  # fmt: skip


@dataclass
class ProviderSummary:
    unit: Unit
    plan: ServicePlan | None
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.status == DONE)


def organization_overview(org: Organization) -> list[ProviderSummary]:
    """Every unit of the organisation with the progress of its approach."""
    plans = {p.unit_id: p for p in ServicePlan.objects.filter(organization=org)}
    by_provider: dict[int, list] = {}
    all_interfaces = Interface.objects.filter(organization=org).select_related("provider", "client")
    for row in interface_rows(all_interfaces):
        by_provider.setdefault(row.interface.provider_id, []).append(row)
    summaries = []
    for unit in Unit.objects.filter(organization=org).order_by("position", "name"):
        rows = by_provider.get(unit.pk, [])
        plan = plans.get(unit.pk)
        if rows or plan:
            summaries.append(ProviderSummary(unit, plan, plan_steps(unit, plan, rows)))
    return summaries


def provider_interfaces(unit: Unit):
    return Interface.objects.filter(provider=unit).select_related("provider", "client")


def organization_interfaces(org: Organization):
    return Interface.objects.filter(organization=org).select_related("provider", "client")


# --- RACI ------------------------------------------------------------------------------------


@dataclass
class RaciRow:
    activity: RaciActivity
    letters: list[str]  # one per actor, in column order ("" when blank)
    warnings: list[str]
    errors: list[str]


def raci_matrix(promise: InterfacePromise | None) -> tuple[list, list[RaciRow]]:
    if promise is None:
        return [], []
    actors = list(promise.raci_actors.all())
    rows = []
    for activity in promise.raci_activities.prefetch_related("cells"):
        by_actor = {cell.actor_id: cell.letter for cell in activity.cells.all()}
        letters = [by_actor.get(a.pk, "") for a in actors]
        rows.append(
            RaciRow(activity, letters, raci.row_warnings(letters), raci.row_errors(letters))
        )
    return actors, rows


# --- Feedback and reviews ----------------------------------------------------------------------


def promise_by_link(payload) -> InterfacePromise | None:
    """The promise a verified link names (its signature is the capability)."""
    return (
        InterfacePromise.objects.filter(pk=payload.promise_id, workspace_id=payload.workspace_id)
        .select_related("interface__provider", "interface__client", "contact", "plan")
        .first()
    )


def version_by_link(payload: signing.ReviewLinkPayload) -> PromiseVersion | None:
    """The version a verified review link names (its signature is the capability)."""
    return (
        PromiseVersion.objects.filter(pk=payload.version_id, workspace_id=payload.workspace_id)
        .select_related("promise__interface__provider", "promise__interface__client")
        .select_related("promise__contact")
        .first()
    )


def counterpart_ratings(version: PromiseVersion) -> list:
    """The client contact's ratings given through the review link, by commitment."""
    return list(version.counterpart_ratings.all())


def review_of(version: PromiseVersion) -> Review | None:
    return Review.objects.filter(version=version).prefetch_related("ratings").first()


def latest_feedback(item: PromiseItem) -> Feedback | None:
    feedback = list(item.feedback.all())
    return feedback[0] if feedback else None


def review_lessons(row: InterfaceRow) -> list[dict]:
    """What the last review says the next version must change: commitments not fully kept."""
    review = row.last_review
    if review is None or review.version_id != row.last_version.pk:
        return []  # a newer version has been published since: it took the lessons in
    lessons: dict[int, dict] = {}
    for rating in review.ratings.all():
        if rating.rating == Review.Outcome.KEPT:
            continue
        lesson = lessons.setdefault(
            rating.commitment_index, {"text": rating.commitment_text, "ratings": []}
        )
        lesson["ratings"].append(rating)
    return list(lessons.values())


def due_reviews(actor: Actor, *, organization: Organization | None = None, days=REMINDER_DAYS):
    """Published versions whose review is due within ``days`` (or overdue) and not held."""
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    qs = _visible(PromiseVersion.objects.all(), actor, "promise__plan__organization_id").filter(
        review_due__lte=horizon, review__isnull=True
    )
    # Only the latest version of each promise is reviewed.
    qs = qs.exclude(promise__versions__number__gt=F("number"))
    if organization is not None:
        qs = qs.filter(promise__plan__organization=organization)
    return qs.select_related("promise__interface__provider", "promise__interface__client")


def calendar_items(actor: Actor, start: datetime.date, end: datetime.date) -> list[dict]:
    """Review dates between ``start`` and ``end`` (inclusive), for another app's iCal feed."""
    qs = _visible(PromiseVersion.objects.all(), actor, "promise__plan__organization_id").filter(
        review_due__gte=start, review_due__lte=end, review__isnull=True
    )
    qs = qs.exclude(promise__versions__number__gt=F("number")).select_related(
        "promise__interface__provider", "promise__interface__client"
    )
    return [
        {
            "title": _("Service promise review: %(provider)s → %(client)s")
            % {
                "provider": version.promise.interface.provider.name,
                "client": version.promise.interface.client.name,
            },
            "date": version.review_due,
            "url": reverse("commitments:review", args=[version.promise.interface_id, version.pk]),
        }
        for version in qs.order_by("review_due", "pk")
    ]


def edge_outcomes(org: Organization) -> dict[int, str]:
    """Each interface's colour key on the map: its last review's outcome, else its state."""
    outcomes = {}
    for row in interface_rows(organization_interfaces(org)):
        if row.last_review is not None:
            outcomes[row.interface.pk] = row.last_review.outcome
        elif row.last_version is not None:
            outcomes[row.interface.pk] = "published"
        else:
            outcomes[row.interface.pk] = "none"
    return outcomes


def has_plans(org: Organization) -> bool:
    return ServicePlan.objects.filter(organization=org).exists()
