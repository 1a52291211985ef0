"""Writes on team practices: each takes the acting member of the workspace (or, for a
check-in, the member found by their personal link), validates, writes in a transaction and
records an audit entry. A check-in's mood never reaches the audit log."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import (
    MOOD_MAX,
    MOOD_MIN,
    CheckIn,
    Coverage,
    Escalation,
    Team,
    TeamClient,
    TeamMember,
    TeamRule,
    VigilancePoint,
    VigilanceReview,
    hash_token,
)


def _check(actor: Actor, team: Team) -> None:
    require_staff(actor)
    if team.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _same_org(team: Team, person, field: str) -> None:
    if person is not None and person.organization_id != team.unit.organization_id:
        raise ValidationError({field: _("Choose a person of the team's organisation.")})


# --- Teams and members


def create_team(actor: Actor, *, unit, mission=None, manager=None) -> Team:
    """Follow a unit's practices; its people become the members, its manager the person
    escalations go to (unless another is chosen)."""
    require_staff(actor)
    if unit.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if mission is not None and mission.organization_id != unit.organization_id:
        raise ValidationError({"mission": _("Choose a mission of the unit's organisation.")})
    people = list(unit.people.all())
    if manager is None:
        manager = next((p for p in people if p.is_manager), None)
    with transaction.atomic():
        if Team.objects.filter(unit=unit).exists():
            raise ValidationError({"unit": _("This unit's practices are already followed.")})
        team = Team.objects.create(
            workspace=actor.workspace, unit=unit, mission=mission, manager=manager
        )
        _same_org(team, manager, "manager")
        TeamMember.objects.bulk_create(
            TeamMember(workspace=actor.workspace, team=team, person=p) for p in people
        )
        audit.record(actor, "practices.team_create", team, str(team))
    return team


def add_member(actor: Actor, team: Team, person) -> TeamMember:
    _check(actor, team)
    _same_org(team, person, "person")
    with transaction.atomic():
        if team.members.filter(person=person).exists():
            raise ValidationError({"person": _("This person is already a member.")})
        member = TeamMember.objects.create(workspace=actor.workspace, team=team, person=person)
        audit.record(actor, "practices.member_add", member, f"{team} · {person}")
    return member


def remove_member(actor: Actor, member: TeamMember) -> None:
    """The member leaves the team; their check-ins go with them (nobody else may read them)."""
    _check(actor, member.team)
    with transaction.atomic():
        audit.record(actor, "practices.member_remove", member, f"{member.team} · {member}")
        member.delete()


def make_checkin_link(actor: Actor, member: TeamMember) -> str:
    """A new personal token for the member (the previous link stops working). The raw token
    exists only in the return value: hand it to the person."""
    _check(actor, member.team)
    raw = secrets.token_urlsafe(24)
    with transaction.atomic():
        TeamMember.objects.filter(pk=member.pk).update(
            token_hash=hash_token(raw), link_made_at=timezone.now()
        )
        audit.record(actor, "practices.checkin_link", member, f"{member.team} · {member}")
    return raw


def find_member_by_token(raw: str) -> TeamMember | None:
    if not raw or len(raw) > 100:
        return None
    return (
        TeamMember.objects.select_related("team__unit", "person")
        .filter(token_hash=hash_token(raw))
        .first()
    )


# --- Charter: rules and vigilance points


def add_rule(
    actor: Actor, team: Team, *, text: str, rationale: str = "", adopted_on=None, source: str = ""
) -> TeamRule:
    _check(actor, team)
    text = _text(text)
    if not text:
        raise ValidationError({"text": _("Write the rule.")})
    if len(text) > 300:
        raise ValidationError({"text": _("At most 300 characters, please.")})
    with transaction.atomic():
        rule = TeamRule.objects.create(
            workspace=actor.workspace,
            team=team,
            text=text,
            rationale=(rationale or "").strip(),
            adopted_on=adopted_on or timezone.localdate(),
            source=_text(source)[:200],
            created_by=actor.user,
        )
        audit.record(actor, "practices.rule_add", rule, f"{team} · {text}")
    return rule


def delete_rule(actor: Actor, rule: TeamRule) -> None:
    _check(actor, rule.team)
    with transaction.atomic():
        audit.record(actor, "practices.rule_delete", rule, f"{rule.team} · {rule.text}")
        rule.delete()


def add_vigilance_point(
    actor: Actor, team: Team, *, title: str, follow_up_on, detail: str = "", owner=None
) -> VigilancePoint:
    _check(actor, team)
    title = _text(title)
    if not title:
        raise ValidationError({"title": _("Name the vigilance point.")})
    if len(title) > 300:
        raise ValidationError({"title": _("At most 300 characters, please.")})
    if follow_up_on is None:
        raise ValidationError({"follow_up_on": _("Give a follow-up date.")})
    _same_org(team, owner, "owner")
    with transaction.atomic():
        point = VigilancePoint.objects.create(
            workspace=actor.workspace,
            team=team,
            title=title,
            detail=(detail or "").strip(),
            owner=owner,
            follow_up_on=follow_up_on,
        )
        audit.record(actor, "practices.point_add", point, f"{team} · {title}")
    return point


def review_vigilance_points(
    actor: Actor, team: Team, reviews: list[dict], *, day: datetime.date | None = None
) -> list[VigilanceReview]:
    """Record the consolidation meeting's checklist: for each open point reviewed, a verdict,
    a note and the next follow-up date (required unless the point is resolved)."""
    _check(actor, team)
    day = day or timezone.localdate()
    open_points = {p.pk: p for p in team.vigilance_points.filter(status=VigilancePoint.Status.OPEN)}
    errors = {}
    for item in reviews:
        point = item["point"]
        if point.pk not in open_points:
            raise ValidationError(_("This vigilance point is not open in this team."))
        resolved = item["verdict"] == VigilanceReview.Verdict.RESOLVED
        if not resolved and not item.get("next_follow_up"):
            errors[f"point-{point.pk}"] = _("Give the next follow-up date, or mark it resolved.")
    if errors:
        raise ValidationError(errors)
    if not reviews:
        raise ValidationError(_("Review at least one point."))
    done = []
    with transaction.atomic():
        for item in reviews:
            point = open_points[item["point"].pk]
            review = VigilanceReview.objects.create(
                workspace=actor.workspace,
                point=point,
                reviewed_on=day,
                verdict=item["verdict"],
                note=_text(item.get("note"))[:500],
                reviewed_by=actor.user,
            )
            if item["verdict"] == VigilanceReview.Verdict.RESOLVED:
                point.status = VigilancePoint.Status.RESOLVED
            else:
                point.follow_up_on = item["next_follow_up"]
            point.save(update_fields=["status", "follow_up_on", "updated_at"])
            done.append(review)
        audit.record(
            actor,
            "practices.points_review",
            team,
            f"{team} · {len(done)}",
            {"verdicts": {str(r.point_id): r.verdict for r in done}},
        )
    return done


# --- Daily check-in (by the member, through their link)


def check_in(
    member: TeamMember,
    *,
    mood,
    blockers: str = "",
    client_news: str = "",
    day: datetime.date | None = None,
) -> CheckIn:
    """Today's check-in of a member; a second one the same day replaces the first."""
    # Whole numbers only: 3.5 or "4.0" are refused, not rounded.
    if isinstance(mood, str) and mood.strip().isdigit():
        mood = int(mood)
    if isinstance(mood, bool) or not isinstance(mood, int) or not MOOD_MIN <= mood <= MOOD_MAX:
        raise ValidationError({"mood": _("Choose your mood, from 1 to 5.")})
    blockers, client_news = _text(blockers), _text(client_news)
    if len(blockers) > 500 or len(client_news) > 500:
        raise ValidationError(_("At most 500 characters per answer, please."))
    day = day or timezone.localdate()
    with transaction.atomic():
        checkin, _created = CheckIn.objects.update_or_create(
            member=member,
            day=day,
            defaults={
                "workspace_id": member.workspace_id,
                "team_id": member.team_id,
                "mood": mood,
                "blockers": blockers,
                "client_news": client_news,
            },
        )
    return checkin


# --- Client coverage


def add_client(actor: Actor, team: Team, *, name: str, notes: str = "") -> TeamClient:
    _check(actor, team)
    name = _text(name)
    if not name:
        raise ValidationError({"name": _("Name the client.")})
    if len(name) > 200:
        raise ValidationError({"name": _("At most 200 characters, please.")})
    try:
        with transaction.atomic():
            client = TeamClient.objects.create(
                workspace=actor.workspace, team=team, name=name, notes=_text(notes)[:300]
            )
            audit.record(actor, "practices.client_add", client, f"{team} · {name}")
    except IntegrityError:
        raise ValidationError({"name": _("This client is already listed.")}) from None
    return client


def delete_client(actor: Actor, client: TeamClient) -> None:
    _check(actor, client.team)
    with transaction.atomic():
        audit.record(actor, "practices.client_delete", client, f"{client.team} · {client}")
        client.delete()


def set_coverage(actor: Actor, team: Team, cells: dict[tuple[int, int], str]) -> int:
    """Replace the team's coverage matrix: ``{(client id, member id): level or ""}``.
    Returns the number of cells that changed."""
    _check(actor, team)
    clients = set(team.clients.values_list("pk", flat=True))
    members = set(team.members.values_list("pk", flat=True))
    levels = set(Coverage.Level.values)
    for (client_id, member_id), level in cells.items():
        if client_id not in clients or member_id not in members:
            raise ValidationError(_("This matrix is out of date: reload the page."))
        if level and level not in levels:
            raise ValidationError(_("Unknown coverage level."))
    current = {(c.client_id, c.member_id): c for c in Coverage.objects.filter(client__team=team)}
    changed = 0
    with transaction.atomic():
        for key, level in cells.items():
            row = current.get(key)
            if not level and row is not None:
                row.delete()
            elif level and row is None:
                Coverage.objects.create(
                    workspace=actor.workspace, client_id=key[0], member_id=key[1], level=level
                )
            elif level and row.level != level:
                row.level = level
                row.save(update_fields=["level", "updated_at"])
            else:
                continue
            changed += 1
        if changed:
            audit.record(actor, "practices.coverage", team, f"{team} · {changed}")
    return changed


# --- Escalations


def escalate(
    actor: Actor,
    team: Team,
    *,
    title: str,
    detail: str = "",
    client=None,
    raised_by=None,
    raised_on=None,
) -> Escalation:
    _check(actor, team)
    title = _text(title)
    if not title:
        raise ValidationError({"title": _("Describe the client pressure.")})
    if len(title) > 300:
        raise ValidationError({"title": _("At most 300 characters, please.")})
    if client is not None and client.team_id != team.pk:
        raise ValidationError({"client": _("Choose a client of this team.")})
    if raised_by is not None and raised_by.team_id != team.pk:
        raise ValidationError({"raised_by": _("Choose a member of this team.")})
    with transaction.atomic():
        item = Escalation.objects.create(
            workspace=actor.workspace,
            team=team,
            title=title,
            detail=(detail or "").strip(),
            client=client,
            raised_by=raised_by,
            escalated_to=team.manager,
            raised_on=raised_on or timezone.localdate(),
        )
        audit.record(actor, "practices.escalate", item, f"{team} · {title}")
    return item


def update_escalation(
    actor: Actor, item: Escalation, *, status: str, resolution: str = "", day=None
) -> None:
    _check(actor, item.team)
    if status not in Escalation.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    resolution = (resolution or "").strip()
    if status == Escalation.Status.RESOLVED and not resolution:
        raise ValidationError({"resolution": _("Say how it was resolved.")})
    values = {
        "status": status,
        "resolution": resolution,
        "resolved_on": (item.resolved_on or day or timezone.localdate())
        if status == Escalation.Status.RESOLVED
        else None,
    }
    with transaction.atomic():
        changes = audit.apply_changes(item, values)
        if changes:
            item.save()
            audit.record(actor, "practices.escalation_update", item, str(item), changes)
