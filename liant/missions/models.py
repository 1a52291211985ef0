from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel, Workspace


def localized(value: dict | None, language: str | None = None):
    """Pick a language out of a {"fr": …, "en": …} value, falling back to French."""
    if not value:
        return ""
    language = (language or get_language() or "fr")[:2]
    return value.get(language) or value.get("fr") or next(iter(value.values()), "")


class MissionTemplate(models.Model):
    """A mission model: built in (no workspace) or a workspace's own copy.

    Texts are {"fr": …, "en": …} so that a template serves missions in either language.
    """

    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(max_length=60)
    name = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(workspace__isnull=True),
                name="unique_builtin_template_key",
            )
        ]

    def __str__(self) -> str:
        return localized(self.name)

    @property
    def is_builtin(self) -> bool:
        return self.workspace_id is None

    @property
    def display_name(self) -> str:
        return localized(self.name)

    @property
    def display_summary(self) -> str:
        return localized(self.summary)

    @property
    def total_weeks(self) -> int:
        return sum(p.duration_weeks for p in self.phases.all())


class PhaseTemplate(models.Model):
    template = models.ForeignKey(MissionTemplate, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveIntegerField(default=0)
    name = models.JSONField(default=dict)
    objectives = models.JSONField(default=dict)
    # {"fr": [..], "en": [..]} lists
    typical_actions = models.JSONField(default=dict)
    checklist = models.JSONField(default=dict)
    deliverable = models.JSONField(default=dict)
    duration_weeks = models.PositiveIntegerField(default=2)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return localized(self.name)


class Mission(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Completed")

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="missions",
        verbose_name=_("organisation"),
    )
    template = models.ForeignKey(
        MissionTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_date = models.DateField(_("start date"))
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="missions", verbose_name=_("consultants")
    )
    units_in_scope = models.ManyToManyField(
        "orgs.Unit",
        blank=True,
        related_name="missions",
        verbose_name=_("units in scope"),
        help_text=_("Leave empty to cover the whole organisation."),
    )

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return self.title


class Phase(TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("In progress")
        DONE = "done", _("Done")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    typical_actions = models.TextField(_("typical actions"), blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.name

    @property
    def checklist_done(self) -> int:
        """Items done (uses the prefetched checklist when there is one)."""
        return sum(1 for item in self.checklist.all() if item.done)

    @property
    def action_lines(self) -> list[str]:
        return [line.strip() for line in self.typical_actions.splitlines() if line.strip()]


class ChecklistItem(TenantModel):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="checklist")
    label = models.CharField(_("label"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label
