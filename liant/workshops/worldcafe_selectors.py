"""World Café reads: the plan as people see it, a participant's table, the harvest.

People are named by their pseudonym or « participant #n » (rank of arrival), never more:
anonymous workshops expose nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.analysis.rotation import repeat_stats
from liant.core.tenancy import Actor, scoped

from . import minutes
from .models import CafeSeat, CafeTable, Participant, Workshop, WorldCafe
from .worldcafe import participant_label


def get_cafe(actor: Actor, workshop: Workshop) -> WorldCafe:
    return get_object_or_404(
        scoped(WorldCafe.objects.select_related("workshop"), actor), workshop=workshop
    )


def cafe_of(workshop: Workshop) -> WorldCafe | None:
    """The workshop's café (the workshop was already reached through the actor or its code)."""
    return WorldCafe.objects.filter(workshop=workshop).first()


def open_cafe_of(workshop: Workshop) -> WorldCafe | None:
    return WorldCafe.objects.filter(workshop=workshop, ended_at__isnull=True).first()


def participants(workshop: Workshop) -> list[Participant]:
    return list(workshop.participants.order_by("pk"))


def labels(workshop: Workshop) -> dict[int, str]:
    """Participant id → pseudonym, or « participant #n » by rank of arrival."""
    return {
        p.pk: p.pseudonym or _("participant #%(n)s") % {"n": n}
        for n, p in enumerate(participants(workshop), 1)
    }


def host_label(table: CafeTable, names: dict[int, str]) -> str:
    if table.host_id:
        return names.get(table.host_id, "")
    return table.host_name


def tables(cafe: WorldCafe) -> list[CafeTable]:
    return list(cafe.tables.select_related("board", "host"))


@dataclass
class PlanRow:
    table: CafeTable
    host: str
    rounds: list[list[str]] = field(default_factory=list)  # names per round, hosts excluded


def plan_rows(cafe: WorldCafe, names: dict[int, str] | None = None) -> list[PlanRow]:
    names = labels(cafe.workshop) if names is None else names
    rows = {t.pk: PlanRow(t, host_label(t, names), [[] for _ in range(cafe.rounds)])
            for t in tables(cafe)}  # fmt: skip
    hosts = {t.table.host_id for t in rows.values() if t.table.host_id}
    for number, table_id, participant_id in cafe.seats.values_list(
        "round", "table_id", "participant_id"
    ).order_by("round", "participant_id"):
        if participant_id not in hosts and 1 <= number <= cafe.rounds:
            rows[table_id].rounds[number - 1].append(names.get(participant_id, ""))
    return list(rows.values())


def repeated_pairs(cafe: WorldCafe) -> int | None:
    """Pairs of people (hosts included) who sit together in more than one round of the
    plan; ``None`` before any plan."""
    if not cafe.planned_at:
        return None
    rounds: list[dict] = [{} for _ in range(cafe.rounds)]
    for number, table_id, participant_id in cafe.seats.values_list(
        "round", "table_id", "participant_id"
    ):
        if 1 <= number <= cafe.rounds:
            rounds[number - 1][participant_id] = table_id
    for table in cafe.tables.filter(host__isnull=True).exclude(host_name=""):
        for seating in rounds:
            seating[("named-host", table.pk)] = table.pk
    return repeat_stats(rounds)[0]


def unseated_count(cafe: WorldCafe) -> int:
    """Participants who joined after the plan and have no seat yet (they get one when
    they open their café page)."""
    if not cafe.planned_at:
        return 0
    first = max(cafe.current_round, 1)
    seated = cafe.seats.filter(round__gte=first).values("participant")
    hosts = cafe.tables.filter(host__isnull=False).values("host")
    return cafe.workshop.participants.exclude(pk__in=seated).exclude(pk__in=hosts).count()


def seconds_left(cafe: WorldCafe, now: datetime.datetime | None = None) -> int | None:
    if not cafe.running or cafe.round_started_at is None:
        return None
    now = now or timezone.now()
    ends = cafe.round_started_at + datetime.timedelta(minutes=cafe.round_minutes)
    return max(0, int((ends - now).total_seconds()))


def round_ends_at(cafe: WorldCafe) -> datetime.datetime | None:
    if not cafe.running or cafe.round_started_at is None:
        return None
    return cafe.round_started_at + datetime.timedelta(minutes=cafe.round_minutes)


@dataclass
class Placement:
    round: int  # the round shown: the current one, or the first before the start
    table: CafeTable | None
    host: str
    is_host: bool
    question: str


def placement(cafe: WorldCafe, participant: Participant) -> Placement:
    """Where ``participant`` sits now (or will sit in round 1 before the start)."""
    number = max(cafe.current_round, 1)
    table = cafe.tables.filter(host=participant).select_related("board").first()
    is_host = table is not None
    if table is None:
        seat = (
            CafeSeat.objects.filter(cafe=cafe, round=number, participant=participant)
            .select_related("table__board", "table__host")
            .first()
        )
        table = seat.table if seat else None
    host = ""
    if table is not None and not is_host:
        host = participant_label(table.host) if table.host_id else table.host_name
    return Placement(number, table, host, is_host, cafe.question(number))


@dataclass
class HarvestTable:
    table: CafeTable
    minutes: minutes.BoardMinutes  # with its host

    @property
    def empty(self) -> bool:
        return not self.minutes.clusters and not any(c for _t, c in self.minutes.columns)


def harvest(cafe: WorldCafe) -> list[HarvestTable]:
    """Every table's board as on the minutes page, in table order."""
    by_board = {m.board.pk: m for m in minutes.workshop_minutes(cafe.workshop)}
    return [HarvestTable(t, by_board[t.board_id]) for t in tables(cafe) if t.board_id in by_board]
