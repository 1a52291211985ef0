"""Writes on service promises. Every function takes the actor (staff only) and checks that
the objects are in its workspace; bad input raises ``ValidationError`` and stores nothing."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff
from liant.orgs import services as org_services
from liant.orgs.models import Interface, Person, Unit
from liant.workshops import services as workshop_services

from . import raci
from .models import (
    TEXT_MAX_LENGTH,
    Feedback,
    ImageCategory,
    InterfacePromise,
    PromiseItem,
    PromiseVersion,
    RaciActivity,
    RaciActor,
    RaciCell,
    Review,
    ReviewRating,
    ServicePlan,
)
from .services_rating import scale_error
from .signing import LinkPayload

REVIEW_AFTER_MONTHS = 6
MAX_RACI_ACTORS = 8


def _check(actor: Actor, *objects) -> None:
    require_staff(actor)
    if any(obj.workspace_id != actor.workspace_id for obj in objects if obj is not None):
        raise PermissionDenied


def _clean_text(value: str, field: str, message: str, max_length: int = TEXT_MAX_LENGTH) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("At most %(max)s characters, please.") % {"max": max_length}}
        )
    return value


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Steps 1 to 4: the provider unit's approach ---------------------------------------------


def plan_for(actor: Actor, unit: Unit) -> ServicePlan:
    """The unit's approach, started on first use."""
    _check(actor, unit)
    plan, created = ServicePlan.objects.get_or_create(
        unit=unit, defaults={"workspace": actor.workspace, "organization": unit.organization}
    )
    if created:
        audit.record(actor, "service_plan.create", plan)
    return plan


def record_gathering(
    actor: Actor, unit: Unit, *, gathered_on: datetime.date, team_note: str = ""
) -> ServicePlan:
    if gathered_on is None:
        raise ValidationError({"gathered_on": _("Give the date of the team meeting.")})
    with transaction.atomic():
        plan = plan_for(actor, unit)
        changes = audit.apply_changes(
            plan, {"gathered_on": gathered_on, "team_note": (team_note or "").strip()}
        )
        plan.save()
        audit.record(actor, "service_plan.gathering", plan, changes=changes)
    return plan


def set_mission_statement(actor: Actor, unit: Unit, text: str) -> ServicePlan:
    text = _clean_text(text, "mission_statement", _("Write the mission of the unit."))
    with transaction.atomic():
        plan = plan_for(actor, unit)
        changes = audit.apply_changes(plan, {"mission_statement": text})
        plan.save()
        audit.record(actor, "service_plan.mission", plan, changes=changes)
    return plan


def add_client_unit(actor: Actor, unit: Unit, *, client: Unit, description: str = "") -> Interface:
    """A missing internal client: a new interface of the organisation (through ``orgs``)."""
    _check(actor, unit, client)
    return org_services.create_interface(
        actor, unit.organization, provider=unit, client=client, description=description
    )


def create_image_board(actor: Actor, unit: Unit, *, mission=None) -> ServicePlan:
    """Step 4: a workshop with a live board whose prompts ask for the desired image."""
    _check(actor, unit, mission)
    if mission is not None and mission.organization_id != unit.organization_id:
        raise PermissionDenied
    with transaction.atomic():
        plan = ServicePlan.objects.select_for_update().get(pk=plan_for(actor, unit).pk)
        if plan.image_board_id is not None:
            raise ValidationError(_("The desired-image board already exists."))
        workshop = workshop_services.create_workshop(
            actor,
            title=_("Desired image — %(unit)s") % {"unit": unit.name},
            mission=mission,
            objectives=_(
                "Write anonymous post-its, then group them: the groups become the categories "
                "of the image we want to give."
            ),
        )
        board = workshop_services.add_board(
            actor,
            workshop,
            title=_("What other teams say about our service"),
            prompts=[
                _("What we would like other teams to say about our service"),
                _("What we would not like other teams to say about our service"),
            ],
        )
        plan.image_workshop, plan.image_board = workshop, board
        plan.save(update_fields=["image_workshop", "image_board", "updated_at"])
        audit.record(actor, "service_plan.image_board", plan, f"{plan} › {board}")
    return plan


def import_image_categories(actor: Actor, plan: ServicePlan) -> list[ImageCategory]:
    """The board's named groups become the image categories (replacing an earlier import)."""
    _check(actor, plan)
    board = plan.image_board
    if board is None:
        raise ValidationError(_("Create the desired-image board first."))
    clusters = list(board.clusters.select_related("column").prefetch_related("cards"))
    categories = []
    for position, cluster in enumerate(clusters):
        cards = [card.text for card in cluster.cards.all() if not card.hidden]
        title = (cluster.title or "").strip()
        if not title and not cards:
            continue
        categories.append(
            ImageCategory(
                workspace=actor.workspace,
                plan=plan,
                title=(title or " · ".join(cards))[:200],
                prompt=cluster.column.title if cluster.column else "",
                cards=cards,
                position=position,
            )
        )
    if not categories:
        raise ValidationError(
            _("The board has no group yet: group the post-its on the board, then import them.")
        )
    with transaction.atomic():
        plan.image_categories.all().delete()
        ImageCategory.objects.bulk_create(categories)
        audit.record(
            actor,
            "service_plan.image_import",
            plan,
            _("%(count)s image categories") % {"count": len(categories)},
        )
    return categories


# --- Steps 5 and 6: pairs and items per interface --------------------------------------------


def promise_for(actor: Actor, interface: Interface) -> InterfacePromise:
    _check(actor, interface)
    plan = plan_for(actor, interface.provider)
    promise, created = InterfacePromise.objects.get_or_create(
        interface=interface, defaults={"workspace": actor.workspace, "plan": plan}
    )
    if created:
        audit.record(actor, "service_promise.create", promise)
    return promise


def set_pair(
    actor: Actor,
    interface: Interface,
    *,
    first: Person | None,
    second: Person | None,
    contact: Person | None = None,
) -> InterfacePromise:
    _check(actor, interface, first, second, contact)
    errors = {}
    if first is None or second is None:
        errors["pair_second"] = _("Choose two members of the team.")
    elif first.pk == second.pk:
        errors["pair_second"] = _("A pair is two different people.")
    elif {first.unit_id, second.unit_id} != {interface.provider_id}:
        errors["pair_second"] = _("Both members of the pair belong to %(unit)s.") % {
            "unit": interface.provider.name
        }
    if contact is not None and contact.unit_id != interface.client_id:
        errors["contact"] = _("The contact belongs to the client unit %(unit)s.") % {
            "unit": interface.client.name
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        promise = promise_for(actor, interface)
        changes = audit.apply_changes(
            promise, {"pair_first": first, "pair_second": second, "contact": contact}
        )
        promise.save()
        audit.record(actor, "service_promise.pair", promise, changes=changes)
    return promise


ITEM_MESSAGES = {
    PromiseItem.Kind.EXPECTATION: _("Write what they expect from you."),
    PromiseItem.Kind.COMMITMENT: _("Write the commitment: a commitment without text says nothing."),
    PromiseItem.Kind.ACCEPTABLE: _("Describe the acceptable operating mode."),
    PromiseItem.Kind.UNACCEPTABLE: _("Describe the unacceptable operating mode."),
}


def _item_values(kind: str, text: str, service_level: str) -> dict:
    if kind not in PromiseItem.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of line this is.")})
    text = _clean_text(text, "text", str(ITEM_MESSAGES[kind]))
    service_level = (service_level or "").strip()
    if len(service_level) > 200:
        raise ValidationError(
            {"service_level": _("At most %(max)s characters, please.") % {"max": 200}}
        )
    return {"text": text, "service_level": service_level}


def add_item(
    actor: Actor, interface: Interface, *, kind: str, text: str, service_level: str = ""
) -> PromiseItem:
    values = _item_values(kind, text, service_level)
    with transaction.atomic():
        promise = promise_for(actor, interface)
        item = PromiseItem.objects.create(
            workspace=actor.workspace,
            promise=promise,
            kind=kind,
            position=promise.items.filter(kind=kind).count(),
            **values,
        )
        audit.record(actor, f"promise_item.{kind}", item, f"{promise} › {item}")
    return item


def update_item(
    actor: Actor, item: PromiseItem, *, text: str, service_level: str = ""
) -> PromiseItem:
    _check(actor, item)
    values = _item_values(item.kind, text, service_level)
    with transaction.atomic():
        changes = audit.apply_changes(item, values)
        item.save()
        audit.record(actor, "promise_item.update", item, changes=changes)
    return item


def adopt_proposal(actor: Actor, item: PromiseItem) -> PromiseItem:
    """The pair takes the wording the client unit proposed in its latest answer."""
    _check(actor, item)
    latest = item.feedback.order_by("-created_at", "-pk").first()
    if latest is None or latest.verdict != Feedback.Verdict.CHANGE or not latest.proposed_text:
        raise ValidationError(_("There is no proposed wording to adopt on this line."))
    if latest.proposed_text == item.text:
        raise ValidationError(_("This line already has the proposed wording."))
    with transaction.atomic():
        changes = audit.apply_changes(item, {"text": latest.proposed_text})
        item.save()
        audit.record(actor, "promise_item.adopt", item, changes=changes)
    return item


def delete_item(actor: Actor, item: PromiseItem) -> None:
    _check(actor, item)
    with transaction.atomic():
        audit.record(actor, "promise_item.delete", item)
        item.delete()


# --- RACI ------------------------------------------------------------------------------------


def add_raci_actor(actor: Actor, interface: Interface, name: str) -> RaciActor:
    name = _clean_text(name, "name", _("Name the unit or the person."), 120)
    with transaction.atomic():
        promise = promise_for(actor, interface)
        actors = list(promise.raci_actors.all())
        if len(actors) >= MAX_RACI_ACTORS:
            raise ValidationError({"name": _("At most %(max)s actors.") % {"max": MAX_RACI_ACTORS}})
        if any(a.name.casefold() == name.casefold() for a in actors):
            raise ValidationError({"name": _("This actor is already in the matrix.")})
        raci_actor = RaciActor.objects.create(
            workspace=actor.workspace, promise=promise, name=name, position=len(actors)
        )
        audit.record(actor, "raci.actor", raci_actor, f"{promise} › {name}")
    return raci_actor


def default_raci_actors(actor: Actor, interface: Interface) -> None:
    """The two units of the interface, the usual first columns."""
    promise = promise_for(actor, interface)
    if not promise.raci_actors.exists():
        for unit in (interface.provider, interface.client):
            add_raci_actor(actor, interface, unit.name)


def save_raci_row(
    actor: Actor,
    interface: Interface,
    *,
    label: str,
    letters: dict[int, str],
    activity: RaciActivity | None = None,
) -> tuple[RaciActivity, list[str]]:
    """One activity with its letters; returns it and the rule warnings. Errors store nothing."""
    label = _clean_text(label, "label", _("Name the activity."), 200)
    promise = promise_for(actor, interface)
    if activity is not None and activity.promise_id != promise.pk:
        raise PermissionDenied
    actors = {a.pk: a for a in promise.raci_actors.all()}
    if not actors:
        raise ValidationError(_("Add the actors (units or people) first."))
    clean = {}
    for actor_id, letter in letters.items():
        if actor_id not in actors:
            raise PermissionDenied
        letter = (letter or "").strip().upper()
        if letter and letter not in RaciCell.Letter.values:
            raise ValidationError({"letters": _("Use only R, A, A+R, C or I.")})
        if letter:
            clean[actor_id] = letter
    errors = raci.row_errors(clean.values())
    if errors:
        raise ValidationError({"letters": errors})
    with transaction.atomic():
        if activity is None:
            activity = RaciActivity.objects.create(
                workspace=actor.workspace,
                promise=promise,
                label=label,
                position=promise.raci_activities.count(),
            )
        else:
            activity.label = label
            activity.save(update_fields=["label", "updated_at"])
            activity.cells.all().delete()
        RaciCell.objects.bulk_create(
            RaciCell(workspace=actor.workspace, activity=activity, actor=actors[pk], letter=letter)
            for pk, letter in clean.items()
        )
        audit.record(
            actor,
            "raci.row",
            activity,
            f"{promise} › {label}",
            {actors[pk].name: letter for pk, letter in clean.items()},
        )
    return activity, raci.row_warnings(clean.values())


def delete_raci_row(actor: Actor, activity: RaciActivity) -> None:
    _check(actor, activity)
    with transaction.atomic():
        audit.record(actor, "raci.row_delete", activity)
        activity.delete()


# --- Step 7: counterpart feedback (no account: the signed link is the capability) ------------


def check_ready_for_feedback(promise: InterfacePromise) -> None:
    kinds = set(promise.items.values_list("kind", flat=True))
    if not {PromiseItem.Kind.EXPECTATION, PromiseItem.Kind.COMMITMENT} <= kinds:
        raise ValidationError(
            _("Write at least one expectation and one commitment before asking for feedback.")
        )


def submit_feedback(
    payload: LinkPayload, promise: InterfacePromise, answers: dict[int, dict]
) -> list[Feedback]:
    """Store the contact's answers (``{item id: {verdict, comment, proposed_text}}``)."""
    if promise.pk != payload.promise_id or promise.workspace_id != payload.workspace_id:
        raise PermissionDenied
    items = {
        item.pk: item
        for item in promise.items.filter(
            kind__in=[PromiseItem.Kind.EXPECTATION, PromiseItem.Kind.COMMITMENT]
        )
    }
    errors, rows = {}, []
    for item_id, answer in answers.items():
        item = items.get(item_id)
        if item is None:
            raise PermissionDenied
        verdict = answer.get("verdict") or ""
        comment = (answer.get("comment") or "").strip()[:TEXT_MAX_LENGTH]
        proposed = (answer.get("proposed_text") or "").strip()[:TEXT_MAX_LENGTH]
        if not verdict:
            continue
        if verdict not in Feedback.Verdict.values:
            errors[item_id] = _("Choose one of the answers.")
        elif verdict == Feedback.Verdict.COMMENT and not comment:
            errors[item_id] = _("Write your comment.")
        elif verdict == Feedback.Verdict.CHANGE and not proposed:
            errors[item_id] = _("Write the wording you propose.")
        else:
            rows.append(
                Feedback(
                    workspace_id=promise.workspace_id,
                    item=item,
                    verdict=verdict,
                    comment=comment,
                    proposed_text=proposed if verdict == Feedback.Verdict.CHANGE else "",
                    respondent=promise.contact.name if promise.contact else "",
                )
            )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Answer at least one line."))
    with transaction.atomic():
        Feedback.objects.bulk_create(rows)
        audit.record(
            None,
            "service_promise.feedback",
            promise,
            _("%(count)s answers from the client unit") % {"count": len(rows)},
            workspace=promise.workspace,
        )
    return rows


# --- Step 8: the written promise, versioned and published ------------------------------------


def snapshot(promise: InterfacePromise) -> dict:
    content: dict = {kind: [] for kind in PromiseItem.Kind.values}
    for item in promise.items.all():
        content[item.kind].append({"text": item.text, "service_level": item.service_level})
    content["mission"] = promise.plan.mission_statement
    content["provider"] = promise.interface.provider.name
    content["client"] = promise.interface.client.name
    content["pair"] = [p.name for p in (promise.pair_first, promise.pair_second) if p]
    content["raci"] = {
        "actors": [a.name for a in promise.raci_actors.all()],
        "rows": [
            {
                "label": activity.label,
                "letters": {cell.actor.name: cell.letter for cell in activity.cells.all()},
            }
            for activity in promise.raci_activities.prefetch_related("cells__actor")
        ],
    }
    return content


def publish(actor: Actor, interface: Interface, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    with transaction.atomic():
        promise = InterfacePromise.objects.select_for_update().get(
            pk=promise_for(actor, interface).pk
        )
        if not promise.items.filter(kind=PromiseItem.Kind.COMMITMENT).exists():
            raise ValidationError(_("A promise needs at least one commitment to be published."))
        number = (
            promise.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = PromiseVersion.objects.create(
            workspace=actor.workspace,
            promise=promise,
            number=number,
            published_at=timezone.now(),
            published_by=actor.user,
            content=snapshot(promise),
            review_due=add_months(today, REVIEW_AFTER_MONTHS),
        )
        audit.record(actor, "service_promise.publish", version, f"{promise} v{number}")
    return version


# --- Step 9: the review six months later -----------------------------------------------------


def outcome_of(ratings: list[str]) -> str:
    if Review.Outcome.NOT_KEPT in ratings:
        return Review.Outcome.NOT_KEPT
    if Review.Outcome.PARTLY in ratings:
        return Review.Outcome.PARTLY
    return Review.Outcome.KEPT


def record_review(
    actor: Actor,
    version: PromiseVersion,
    *,
    held_on: datetime.date,
    ratings: dict[tuple[int, str], tuple[str, str]],
    summary: str = "",
) -> Review:
    """``ratings``: ``{(commitment index, side): (rating, comment)}``, both sides for each."""
    _check(actor, version)
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the review.")})
    commitments = version.commitments
    errors = {}
    rows = []
    for index, commitment in enumerate(commitments):
        for side in ReviewRating.Side.values:
            rating, comment = ratings.get((index, side), ("", ""))
            if rating not in Review.Outcome.values:
                errors[f"{index}-{side}"] = scale_error(rating)
                continue
            rows.append(
                ReviewRating(
                    workspace=actor.workspace,
                    commitment_index=index,
                    commitment_text=commitment["text"],
                    side=side,
                    rating=rating,
                    comment=(comment or "").strip()[:TEXT_MAX_LENGTH],
                )
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if Review.objects.filter(version=version).exists():
            raise ValidationError(_("This version has already been reviewed."))
        review = Review.objects.create(
            workspace=actor.workspace,
            version=version,
            held_on=held_on,
            outcome=outcome_of([row.rating for row in rows]),
            summary=(summary or "").strip()[:TEXT_MAX_LENGTH],
        )
        for row in rows:
            row.review = review
        ReviewRating.objects.bulk_create(rows)
        audit.record(actor, "service_promise.review", review, str(review))
    return review
