"""Reads on team practices, always within the actor's workspace (sponsors: the teams of
their own organisation). Individual moods leave this module only in ``member_history``, which
serves the member's own link; every other read gives aggregates of at least k answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from liant.analysis.anonymity import disclose, flat
from liant.core.tenancy import Actor, scoped
from liant.diagnostic.models import K_ANONYMITY

from .models import (
    CheckIn,
    Coverage,
    Escalation,
    Team,
    TeamClient,
    TeamMember,
    TeamRule,
    VigilancePoint,
)

MIN_COVERAGE = 2  # every client should be known by at least two people


def team_list(actor: Actor, *, mission=None):
    qs = scoped(Team.objects.all(), actor).select_related(
        "unit__organization", "mission", "manager"
    )
    if actor.is_sponsor:
        qs = qs.filter(unit__organization_id=actor.sponsored_organization_id)
    elif not actor.is_staff_member:
        return qs.none()  # participants join workshops and check in; they read no team page
    if mission is not None:
        qs = qs.filter(mission=mission)
    return qs.annotate(
        member_count=Count("members", distinct=True),
        rule_count=Count("rules", distinct=True),
    )


def get_team(actor: Actor, pk: int) -> Team:
    return get_object_or_404(team_list(actor), pk=pk)


def members(team: Team):
    return team.members.select_related("person")


def get_member(team: Team, pk: int) -> TeamMember:
    return get_object_or_404(members(team), pk=pk)


def get_rule(team: Team, pk: int) -> TeamRule:
    return get_object_or_404(TeamRule.objects.select_related("team"), pk=pk, team=team)


def get_client(team: Team, pk: int) -> TeamClient:
    return get_object_or_404(TeamClient.objects.select_related("team"), pk=pk, team=team)


def get_escalation(team: Team, pk: int) -> Escalation:
    return get_object_or_404(
        Escalation.objects.select_related("team", "client", "raised_by__person"), pk=pk, team=team
    )


def rules(team: Team):
    return team.rules.all()


def vigilance_points(team: Team, *, open_only: bool = False):
    qs = team.vigilance_points.select_related("owner").prefetch_related("reviews")
    return qs.filter(status=VigilancePoint.Status.OPEN) if open_only else qs


def escalations(team: Team):
    return team.escalations.select_related("client", "raised_by__person", "escalated_to")


def org_people(team: Team):
    from liant.orgs.models import Person

    return Person.objects.filter(organization_id=team.unit.organization_id)


# --- Check-ins: aggregates only from k answers


def aggregate_shown(answers: int, k: int = K_ANONYMITY) -> bool:
    """May an aggregate of ``answers`` check-ins be shown? The survey rule (one population,
    no breakdown): at least k people, below it nothing."""
    return disclose({("team",): answers}, [flat(["team"])], k=k).total_visible


@dataclass(frozen=True)
class MoodDay:
    day: datetime.date
    mood: float | None  # None below k answers

    @property
    def height(self) -> int:
        """A bar's height out of 100 (5 fills it)."""
        return round(self.mood / 5 * 100) if self.mood is not None else 0

    @property
    def top(self) -> int:
        return 100 - self.height


def checkin_mood_series(
    actor: Actor, team: Team, start: datetime.date, end: datetime.date
) -> list[MoodDay]:
    """Each day from ``start`` to ``end`` with the team's mean mood, None on days with fewer
    than k answers (a source for indicators)."""
    team = get_team(actor, team.pk)  # scoped: another workspace's team is a 404
    rows = (
        CheckIn.objects.filter(team=team, day__gte=start, day__lte=end)
        .values("day")
        .annotate(n=Count("pk"), mean=Avg("mood"))
    )
    by_day = {r["day"]: r for r in rows}
    series = []
    day = start
    while day <= end:
        row = by_day.get(day)
        mood = None
        if row and aggregate_shown(row["n"]):
            mood = round(float(row["mean"]), 1)
        series.append(MoodDay(day, mood))
        day += datetime.timedelta(days=1)
    return series


@dataclass
class Board:
    day: datetime.date
    answered: int
    member_count: int
    mood: float | None
    blockers: list[CheckIn] = field(default_factory=list)
    news: list[CheckIn] = field(default_factory=list)

    @property
    def threshold(self) -> int:
        return K_ANONYMITY


def today_board(actor: Actor, team: Team, day: datetime.date | None = None) -> Board:
    """The daily call's board: who said what about blockers and clients (never a mood per
    person), and the team's mean mood from k answers."""
    day = day or timezone.localdate()
    checkins = list(
        CheckIn.objects.filter(team=team, day=day)
        .select_related("member__person")
        .order_by("member__person__name")
    )
    (point,) = checkin_mood_series(actor, team, day, day)
    return Board(
        day=day,
        answered=len(checkins),
        member_count=team.members.count(),
        mood=point.mood,
        blockers=[c for c in checkins if c.blockers],
        news=[c for c in checkins if c.client_news],
    )


def weekdays(series: list[MoodDay]) -> list[MoodDay]:
    return [p for p in series if p.day.weekday() < 5]


def member_history(member: TeamMember, days: int = 14) -> list[CheckIn]:
    """The member's own recent check-ins, for their personal page only."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    return list(member.checkins.filter(day__gte=since).order_by("-day"))


# --- Client coverage


@dataclass
class CoverageRow:
    client: TeamClient
    cells: list[tuple[TeamMember, str]]  # (member, level or "")
    known_by: int

    @property
    def at_risk(self) -> bool:
        return self.known_by < MIN_COVERAGE

    @property
    def has_primary(self) -> bool:
        return any(level == Coverage.Level.PRIMARY for _m, level in self.cells)


@dataclass
class CoverageMatrix:
    members: list[TeamMember]
    rows: list[CoverageRow]

    @property
    def alerts(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.at_risk]

    @property
    def uncovered(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.known_by == 0]

    @property
    def without_primary(self) -> list[CoverageRow]:
        return [row for row in self.rows if not row.has_primary]

    @property
    def single_points(self) -> list[tuple[TeamMember, list[TeamClient]]]:
        """Members who are the only one to know some clients: their absence leaves those
        clients without anybody."""
        alone: dict[int, list[TeamClient]] = {}
        for row in self.rows:
            knowers = [m for m, level in row.cells if level]
            if len(knowers) == 1:
                alone.setdefault(knowers[0].pk, []).append(row.client)
        by_pk = {m.pk: m for m in self.members}
        return sorted(
            ((by_pk[pk], clients) for pk, clients in alone.items()),
            key=lambda item: (-len(item[1]), item[0].person.name),
        )

    @property
    def covered_share(self) -> int | None:
        if not self.rows:
            return None
        return round(100 * (len(self.rows) - len(self.alerts)) / len(self.rows))


def coverage_matrix(team: Team) -> CoverageMatrix:
    team_members = list(members(team))
    levels = {
        (c.client_id, c.member_id): c.level for c in Coverage.objects.filter(client__team=team)
    }
    rows = []
    for client in team.clients.all():
        cells = [(m, levels.get((client.pk, m.pk), "")) for m in team_members]
        rows.append(CoverageRow(client, cells, sum(1 for _m, level in cells if level)))
    return CoverageMatrix(team_members, rows)


def clients_at_risk_count(team: Team) -> int:
    return team.clients.annotate(n=Count("coverage")).filter(n__lt=MIN_COVERAGE).count()


def open_points_summary(team: Team, today: datetime.date | None = None) -> tuple[int, int]:
    """(open vigilance points, of which past their follow-up date)."""
    today = today or timezone.localdate()
    counts = team.vigilance_points.aggregate(
        open=Count("pk", filter=Q(status=VigilancePoint.Status.OPEN)),
        late=Count("pk", filter=Q(status=VigilancePoint.Status.OPEN, follow_up_on__lt=today)),
    )
    return counts["open"], counts["late"]
