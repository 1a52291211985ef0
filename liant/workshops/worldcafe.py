"""World Café: set-up, hosts, rotation plan and rounds (writes). Reads are in
``worldcafe_selectors``; the plan itself is computed by ``liant.analysis.rotation``.

Each table has its own live board (the ordinary board machinery, one column per distinct
question), so its notes accumulate across rounds while its host stays.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.analysis.rotation import place_latecomer, plan_rotation
from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import Board, CafeSeat, CafeTable, Card, Column, Participant, Workshop, WorldCafe

MAX_TABLES = 50
MAX_MINUTES = 180
QUESTION_MAX_LENGTH = 200
NAME_MAX_LENGTH = 80


@dataclass(frozen=True)
class HostChoice:
    table: CafeTable
    participant: Participant | None = None
    name: str = ""


def _own(actor: Actor, workshop: Workshop) -> None:
    require_staff(actor)
    if workshop.workspace_id != actor.workspace_id:
        raise PermissionDenied


def board_title(table_name: str) -> str:
    return _("World Café · %(table)s") % {"table": table_name}


def default_table_names(count: int) -> list[str]:
    return [_("Table %(n)s") % {"n": n} for n in range(1, count + 1)]


def _clean_setup(questions, rounds, round_minutes, table_names) -> tuple[list[str], list[str]]:
    errors = {}
    questions = [q.strip() for q in questions if q and q.strip()]
    names = [n.strip() for n in table_names if n and n.strip()]
    if not isinstance(rounds, int) or not 1 <= rounds <= WorldCafe.MAX_ROUNDS:
        errors["rounds"] = _("Choose between 1 and %(max)s rounds.") % {"max": WorldCafe.MAX_ROUNDS}
    if not isinstance(round_minutes, int) or not 1 <= round_minutes <= MAX_MINUTES:
        errors["round_minutes"] = _("A round lasts between 1 and %(max)s minutes.") % {
            "max": MAX_MINUTES
        }
    if not questions:
        errors["questions"] = _("Write the question of the café (one per round, or one for all).")
    elif any(len(q) > QUESTION_MAX_LENGTH for q in questions):
        errors["questions"] = _("At most %(max)s characters per question.") % {
            "max": QUESTION_MAX_LENGTH
        }
    elif "rounds" not in errors and len(questions) not in (1, rounds):
        errors["questions"] = _(
            "Write one question for all rounds, or exactly one per round (%(rounds)s)."
        ) % {"rounds": rounds}
    if not names:
        errors["tables"] = _("A World Café needs at least one table.")
    elif len(names) > MAX_TABLES:
        errors["tables"] = _("At most %(max)s tables.") % {"max": MAX_TABLES}
    elif any(len(n) > NAME_MAX_LENGTH for n in names):
        errors["tables"] = _("At most %(max)s characters per table name.") % {
            "max": NAME_MAX_LENGTH
        }
    elif len({n.casefold() for n in names}) != len(names):
        errors["tables"] = _("Two tables have the same name.")
    if errors:
        raise ValidationError(errors)
    return questions, names


def configure_cafe(
    actor: Actor,
    workshop: Workshop,
    *,
    questions: list[str],
    rounds: int,
    round_minutes: int,
    table_names: list[str],
) -> WorldCafe:
    """Create the workshop's World Café, or change it before its first round. Each table
    gets its own board; a change of tables or rounds drops the plan (plan again)."""
    _own(actor, workshop)
    questions, names = _clean_setup(questions, rounds, round_minutes, table_names)
    with transaction.atomic():
        cafe = WorldCafe.objects.select_for_update().filter(workshop=workshop).first()
        if cafe is not None and (cafe.current_round > 0 or cafe.ended_at):
            raise ValidationError(_("The café has started: its set-up can no longer change."))
        created = cafe is None
        if created:
            cafe = WorldCafe(workspace=actor.workspace, workshop=workshop)
        structure_changed = not created and (
            cafe.rounds != rounds or cafe.tables.count() != len(names)
        )
        cafe.questions, cafe.rounds, cafe.round_minutes = questions, rounds, round_minutes
        cafe.save()
        tables = list(cafe.tables.select_related("board"))
        for table in tables[len(names) :]:
            if Card.objects.filter(board=table.board).exists():
                raise ValidationError(
                    {
                        "tables": _(
                            "%(table)s already has cards on its board: keep at least "
                            "%(count)s tables."
                        )
                        % {"table": table.name, "count": table.position + 1}
                    }
                )
            board = table.board
            table.delete()
            board.delete()
        distinct = list(dict.fromkeys(questions))
        for position, name in enumerate(names):
            if position < len(tables):
                table = tables[position]
                table.name = name
                table.save(update_fields=["name", "updated_at"])
                table.board.title = board_title(name)
                table.board.save(update_fields=["title", "updated_at"])
                _sync_columns(table.board, distinct)
            else:
                board = Board.objects.create(
                    workspace=actor.workspace,
                    workshop=workshop,
                    title=board_title(name),
                    hidden_until_reveal=False,  # a table's notes are shared as they are written
                    position=workshop.boards.count(),
                )
                _sync_columns(board, distinct)
                CafeTable.objects.create(
                    workspace=actor.workspace, cafe=cafe, name=name, position=position, board=board
                )
        if structure_changed:
            _drop_plan(cafe)
        audit.record(
            actor,
            "worldcafe.create" if created else "worldcafe.update",
            cafe,
            f"{workshop} › World Café",
            {"rounds": rounds, "tables": len(names), "round_minutes": round_minutes},
        )
    return cafe


def _sync_columns(board: Board, questions: list[str]) -> None:
    """One column per distinct question, in round order; a column holding cards stays."""
    columns = list(board.columns.all())
    by_title = {c.title: c for c in columns}
    for column in columns:
        if column.title not in questions:
            if column.cards.exists():
                raise ValidationError(
                    {
                        "questions": _(
                            "“%(question)s” already has cards on %(board)s: keep this question."
                        )
                        % {"question": column.title, "board": board.title}
                    }
                )
            column.delete()
    for position, question in enumerate(questions):
        column = by_title.get(question)
        if column is None:
            Column.objects.create(
                workspace_id=board.workspace_id, board=board, title=question, position=position
            )
        elif column.position != position:
            column.position = position
            column.save(update_fields=["position", "updated_at"])


def _drop_plan(cafe: WorldCafe) -> None:
    cafe.seats.all().delete()
    cafe.planned_at = None
    cafe.save(update_fields=["planned_at", "updated_at"])


def set_hosts(actor: Actor, cafe: WorldCafe, choices: list[HostChoice]) -> bool:
    """Name each table's host: a participant of the workshop (who then stays at the table)
    or a person named in full. Only before the first round; a change drops the plan
    (returns True then)."""
    _own(actor, cafe.workshop)
    if cafe.current_round > 0 or cafe.ended_at:
        raise ValidationError(_("The café has started: hosts can no longer change."))
    seen: set[int] = set()
    for choice in choices:
        if choice.table.cafe_id != cafe.pk:
            raise PermissionDenied
        participant = choice.participant
        if participant is not None:
            if participant.workshop_id != cafe.workshop_id:
                raise ValidationError(_("This participant has not joined this workshop."))
            if participant.pk in seen:
                raise ValidationError(
                    _("%(name)s cannot host two tables.") % {"name": participant_label(participant)}
                )
            seen.add(participant.pk)
        if len(choice.name.strip()) > NAME_MAX_LENGTH:
            raise ValidationError(
                _("At most %(max)s characters per host name.") % {"max": NAME_MAX_LENGTH}
            )
    with transaction.atomic():
        changed = False
        for choice in choices:
            table = choice.table
            name = "" if choice.participant else choice.name.strip()
            if table.host_id != (choice.participant.pk if choice.participant else None) or (
                table.host_name != name
            ):
                changed = True
            table.host, table.host_name = choice.participant, name
            table.save(update_fields=["host", "host_name", "updated_at"])
        dropped = bool(changed and cafe.planned_at)
        if dropped:
            _drop_plan(cafe)
        audit.record(actor, "worldcafe.hosts", cafe, f"{cafe.workshop} › World Café")
    return dropped


def participant_label(participant: Participant, number: int | None = None) -> str:
    """A pseudonym, or « participant #n » (n: their rank of arrival in the workshop)."""
    if participant.pseudonym:
        return participant.pseudonym
    if number is None:
        number = Participant.objects.filter(
            workshop_id=participant.workshop_id, pk__lte=participant.pk
        ).count()
    return _("participant #%(n)s") % {"n": number}


def _host_stand_in(table: CafeTable):
    """The value the rotation sees for a table's host (``None``: no host)."""
    if table.host_id:
        return table.host_id
    if table.host_name:
        return ("named-host", table.pk)
    return None


def plan(actor: Actor, cafe: WorldCafe, *, confirm: bool = False) -> int:
    """Compute the rotation for the participants who have joined; hosts stay. During a
    round, only with ``confirm``: rounds already played stay, the current one and the
    next ones are planned again. Returns the number of people seated."""
    _own(actor, cafe.workshop)
    with transaction.atomic():
        cafe = WorldCafe.objects.select_for_update().get(pk=cafe.pk)
        if cafe.ended_at:
            raise ValidationError(_("The café is over: its plan can no longer change."))
        if cafe.current_round > 0 and not confirm:
            raise ValidationError(
                _(
                    "Round %(n)s is under way: tick the confirmation to plan again (the "
                    "seats of this round and of the next ones will change)."
                )
                % {"n": cafe.current_round}
            )
        tables = list(cafe.tables.all())
        if not tables:
            raise ValidationError(_("A World Café needs at least one table."))
        hosts = [_host_stand_in(t) for t in tables]
        host_ids = {t.host_id for t in tables if t.host_id}
        movers = list(
            cafe.workshop.participants.exclude(pk__in=host_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        people = len(movers) + sum(1 for h in hosts if h is not None)
        if not movers:
            raise ValidationError(_("Nobody has joined the workshop yet: there is no one to seat."))
        if people < len(tables):
            raise ValidationError(
                _(
                    "More tables than people: %(tables)s tables for %(people)s people. "
                    "Remove tables or wait for more participants."
                )
                % {"tables": len(tables), "people": people}
            )
        first = max(cafe.current_round, 1)  # the first round planned (1-based)
        position = {t.pk: i for i, t in enumerate(tables)}
        history = _seatings(cafe, tables, position, range(1, first))
        for seating in history:  # hosts were at their tables in the rounds played
            seating.update({h: i for i, h in enumerate(hosts) if h is not None})
        cafe.seed = secrets.randbelow(2**31)
        result = plan_rotation(
            movers, hosts, cafe.rounds - first + 1, seed=cafe.seed, history=history
        )
        cafe.seats.filter(round__gte=first).delete()
        CafeSeat.objects.bulk_create(
            CafeSeat(
                workspace_id=cafe.workspace_id,
                cafe=cafe,
                round=first + offset,
                table=tables[table_index],
                participant_id=person,
            )
            for offset, seating in enumerate(result.rounds)
            for person, table_index in seating.items()
            if isinstance(person, int)
        )
        cafe.planned_at = timezone.now()
        cafe.save(update_fields=["seed", "planned_at", "updated_at"])
        audit.record(
            actor,
            "worldcafe.plan",
            cafe,
            f"{cafe.workshop} › World Café",
            {"people": people, "from_round": first, "repeated_pairs": result.repeated_pairs},
        )
    return people


def _seatings(cafe: WorldCafe, tables, position: dict, rounds) -> list[dict]:
    """The stored plan of ``rounds`` (1-based), as the rotation sees it."""
    rounds = list(rounds)
    result: list[dict] = [{} for _ in rounds]
    index = {number: i for i, number in enumerate(rounds)}
    for number, table_id, participant_id in cafe.seats.filter(round__in=rounds).values_list(
        "round", "table_id", "participant_id"
    ):
        result[index[number]][participant_id] = position[table_id]
    return result


def seat_latecomer(cafe: WorldCafe, participant: Participant) -> bool:
    """Seat someone who joined after the plan, from the current round on: at the least
    filled table, meeting the fewest people already met. Returns True when seated now."""
    if participant.workshop_id != cafe.workshop_id:
        raise PermissionDenied
    # The phone page calls this at every refresh: answer the usual case without a lock.
    if not cafe.planned_at or cafe.ended_at:
        return False
    first = max(cafe.current_round, 1)
    if cafe.seats.filter(participant=participant, round__gte=first).exists():
        return False
    with transaction.atomic():
        cafe = WorldCafe.objects.select_for_update().get(pk=cafe.pk)
        if not cafe.planned_at or cafe.ended_at:
            return False
        first = max(cafe.current_round, 1)
        if cafe.tables.filter(host=participant).exists():
            return False
        if cafe.seats.filter(participant=participant, round__gte=first).exists():
            return False
        tables = list(cafe.tables.all())
        position = {t.pk: i for i, t in enumerate(tables)}
        seatings = _seatings(cafe, tables, position, range(1, cafe.rounds + 1))
        for table in tables:  # hosts occupy a seat at their table in every round
            stand_in = _host_stand_in(table)
            if stand_in is not None:
                for seating in seatings:
                    seating[stand_in] = position[table.pk]
        chosen = place_latecomer(participant.pk, seatings, len(tables), start=first - 1)
        CafeSeat.objects.bulk_create(
            CafeSeat(
                workspace_id=cafe.workspace_id,
                cafe=cafe,
                round=first + offset,
                table=tables[table_index],
                participant=participant,
            )
            for offset, table_index in enumerate(chosen)
        )
    return True


def next_round(actor: Actor, cafe: WorldCafe) -> int:
    """Start round 1, or move everyone to the next round. Returns the round started."""
    _own(actor, cafe.workshop)
    with transaction.atomic():
        cafe = WorldCafe.objects.select_for_update().get(pk=cafe.pk)
        if cafe.ended_at:
            raise ValidationError(_("The café is over."))
        if not cafe.planned_at:
            raise ValidationError(_("Plan the rotation first."))
        if cafe.current_round >= cafe.rounds:
            raise ValidationError(_("That was the last round: end the café."))
        cafe.current_round += 1
        cafe.round_started_at = timezone.now()
        cafe.save(update_fields=["current_round", "round_started_at", "updated_at"])
        _question_first(cafe, cafe.question(cafe.current_round))
        audit.record(
            actor,
            "worldcafe.round",
            cafe,
            _("%(workshop)s › World Café: round %(n)s")
            % {"workshop": cafe.workshop, "n": cafe.current_round},
        )
    return cafe.current_round


def end_cafe(actor: Actor, cafe: WorldCafe) -> None:
    _own(actor, cafe.workshop)
    with transaction.atomic():
        cafe = WorldCafe.objects.select_for_update().get(pk=cafe.pk)
        if cafe.ended_at:
            raise ValidationError(_("The café is over."))
        if cafe.current_round == 0:
            raise ValidationError(_("Start the first round before ending the café."))
        cafe.ended_at = timezone.now()
        cafe.save(update_fields=["ended_at", "updated_at"])
        _question_first(cafe, None)
        audit.record(actor, "worldcafe.end", cafe, f"{cafe.workshop} › World Café")


def _question_first(cafe: WorldCafe, question: str | None) -> None:
    """Put the round's question first on every table's board (the column a participant's
    composer offers first); ``None`` restores the round order."""
    order = list(dict.fromkeys(cafe.questions))
    if question in order:
        order.remove(question)
        order.insert(0, question)
    rank = {q: i for i, q in enumerate(order)}
    for column in Column.objects.filter(board__cafe_table__cafe=cafe):
        position = rank.get(column.title, len(rank))
        if column.position != position:
            column.position = position
            column.save(update_fields=["position", "updated_at"])
