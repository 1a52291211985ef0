"""The counterpart's rating at the six-month review, given through a signed link (issue 6).

The client unit's contact rates each commitment of the published version on the reviews'
scale (kept / partly kept / not kept) with a comment. Nothing is stored unless every
commitment has a rating on the scale, and nothing once the review has been held.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liant.core import audit

from .models import TEXT_MAX_LENGTH, CounterpartRating, PromiseVersion, Review
from .signing import ReviewLinkPayload


def scale_error(rating: str) -> str:
    """The message for a missing or out-of-scale rating (the reviews' wording)."""
    if not rating:
        return _("Rate this commitment: kept, partly kept or not kept.")
    return _("“%(value)s” is not on the scale: kept, partly kept or not kept.") % {
        "value": rating[:20]
    }


def is_reviewed(version: PromiseVersion) -> bool:
    return Review.objects.filter(version=version).exists()


def submit_counterpart_rating(
    payload: ReviewLinkPayload, version: PromiseVersion, answers: dict[int, tuple[str, str]]
) -> list[CounterpartRating]:
    """``answers``: ``{commitment index: (rating, comment)}``. Replaces an earlier answer."""
    if version.pk != payload.version_id or version.workspace_id != payload.workspace_id:
        raise PermissionDenied
    errors, rows = {}, []
    contact = version.promise.contact
    for index, commitment in enumerate(version.commitments):
        rating, comment = answers.get(index, ("", ""))
        if rating not in Review.Outcome.values:
            errors[index] = scale_error(rating)
            continue
        rows.append(
            CounterpartRating(
                workspace_id=version.workspace_id,
                version=version,
                commitment_index=index,
                commitment_text=commitment["text"],
                rating=rating,
                comment=(comment or "").strip()[:TEXT_MAX_LENGTH],
                respondent=contact.name if contact else "",
            )
        )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("This version has no commitment to rate."))
    with transaction.atomic():
        # Locked, so that a review recorded meanwhile cannot miss or follow this answer.
        PromiseVersion.objects.select_for_update().filter(pk=version.pk).first()
        if is_reviewed(version):
            raise ValidationError(_("The review has already been held: ratings are closed."))
        CounterpartRating.objects.filter(version=version).delete()
        CounterpartRating.objects.bulk_create(rows)
        audit.record(
            None,
            "service_promise.counterpart_rating",
            version,
            _("%(count)s ratings from the client unit") % {"count": len(rows)},
            workspace=version.workspace,
        )
    return rows
