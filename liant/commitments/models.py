"""Internal service promises: the 9-step method per provider unit, one promise per interface.

A ``ServicePlan`` follows one provider unit through the method; each of its interfaces
(``orgs.Interface``, provider → internal client) gets an ``InterfacePromise`` holding the
pair, the items (expectations, commitments, operating modes), the RACI, the counterpart's
feedback, the published versions and their six-month reviews.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liant.core.models import TenantModel

TEXT_MAX_LENGTH = 1000


class ServicePlan(TenantModel):
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="service_plans"
    )
    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="service_plan")
    gathered_on = models.DateField(_("team gathered on"), null=True, blank=True)
    team_note = models.TextField(_("who took part"), blank=True)
    mission_statement = models.TextField(_("mission of the unit"), blank=True)
    image_workshop = models.ForeignKey(
        "workshops.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_board = models.ForeignKey(
        "workshops.Board", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("service promise approach")

    def __str__(self) -> str:
        return str(self.unit)


class ImageCategory(TenantModel):
    """A category of the desired image, born from a cluster of the image board."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="image_categories")
    title = models.CharField(_("title"), max_length=200)
    prompt = models.CharField(max_length=200, blank=True)
    cards = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class InterfacePromise(TenantModel):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="promises")
    interface = models.OneToOneField(
        "orgs.Interface", on_delete=models.CASCADE, related_name="service_promise"
    )
    pair_first = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pair_second = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact in the client unit"),
    )

    class Meta:
        ordering = ["interface__client__name"]

    def __str__(self) -> str:
        return str(self.interface)

    @property
    def has_pair(self) -> bool:
        return bool(self.pair_first_id and self.pair_second_id)


class PromiseItem(TenantModel):
    class Kind(models.TextChoices):
        EXPECTATION = "expectation", _("They expect from us")
        COMMITMENT = "commitment", _("We commit to")
        ACCEPTABLE = "acceptable", _("Acceptable operating mode")
        UNACCEPTABLE = "unacceptable", _("Unacceptable operating mode")

    promise = models.ForeignKey(InterfacePromise, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    service_level = models.CharField(_("measurable service level"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Feedback(TenantModel):
    """The client unit's contact's answer on one item, given through a signed link."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("I agree")
        COMMENT = "comment", _("I agree, with a comment")
        CHANGE = "change", _("I propose a change")

    item = models.ForeignKey(PromiseItem, on_delete=models.CASCADE, related_name="feedback")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    comment = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    proposed_text = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    respondent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class RaciActor(TenantModel):
    promise = models.ForeignKey(
        InterfacePromise, on_delete=models.CASCADE, related_name="raci_actors"
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class RaciActivity(TenantModel):
    promise = models.ForeignKey(
        InterfacePromise, on_delete=models.CASCADE, related_name="raci_activities"
    )
    label = models.CharField(pgettext_lazy("raci", "activity"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class RaciCell(TenantModel):
    class Letter(models.TextChoices):
        RESPONSIBLE = "R", _("R — Responsible")
        ACCOUNTABLE = "A", _("A — Accountable")
        CONSULTED = "C", _("C — Consulted")
        INFORMED = "I", _("I — Informed")
        BOTH = "AR", _("A+R — Accountable and doing it")

    activity = models.ForeignKey(RaciActivity, on_delete=models.CASCADE, related_name="cells")
    actor = models.ForeignKey(RaciActor, on_delete=models.CASCADE, related_name="cells")
    letter = models.CharField(max_length=2, choices=Letter.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "actor"], name="one_raci_letter_per_cell")
        ]


class PromiseVersion(TenantModel):
    """A published promise: a frozen copy of its items, reviewed six months later."""

    promise = models.ForeignKey(InterfacePromise, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(default=dict)
    review_due = models.DateField(_("review due on"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["promise", "number"], name="unique_promise_version")
        ]

    def __str__(self) -> str:
        return f"{self.promise} v{self.number}"

    @property
    def commitments(self) -> list[dict]:
        return self.content.get("commitment", [])


class Review(TenantModel):
    class Outcome(models.TextChoices):
        KEPT = "kept", _("Kept")
        PARTLY = "partly", _("Partly kept")
        NOT_KEPT = "not_kept", _("Not kept")

    version = models.OneToOneField(PromiseVersion, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField(_("held on"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    summary = models.TextField(_("what the next version should change"), blank=True)

    def __str__(self) -> str:
        return f"{self.version} · {self.get_outcome_display()}"


class ReviewRating(TenantModel):
    class Side(models.TextChoices):
        PROVIDER = "provider", _("Provider")
        CLIENT = "client", _("Client")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    commitment_index = models.PositiveIntegerField()
    commitment_text = models.TextField()
    side = models.CharField(max_length=10, choices=Side.choices)
    rating = models.CharField(max_length=10, choices=Review.Outcome.choices)
    comment = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["commitment_index", "side"]


class CounterpartRating(TenantModel):
    """The client unit's contact's rating of one commitment of a published version, given
    through the signed review link before the review is held; the pair sees it in the review
    (and it pre-fills the client's side of the review form)."""

    version = models.ForeignKey(
        PromiseVersion, on_delete=models.CASCADE, related_name="counterpart_ratings"
    )
    commitment_index = models.PositiveIntegerField()
    commitment_text = models.TextField()
    rating = models.CharField(max_length=10, choices=Review.Outcome.choices)
    comment = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    respondent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["commitment_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "commitment_index"], name="unique_counterpart_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.commitment_index} · {self.get_rating_display()}"
