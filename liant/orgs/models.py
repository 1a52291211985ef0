from django.db import models
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel


class Organization(TenantModel):
    """A client organisation."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(TenantModel):
    """A node of the client's organisation tree (direction, service, team…), any depth."""

    class Kind(models.TextChoices):
        DIRECTION = "direction", _("Direction")
        DEPARTMENT = "department", _("Department")
        SERVICE = "service", _("Service")
        TEAM = "team", _("Team")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    headcount = models.PositiveIntegerField(
        _("headcount"),
        null=True,
        blank=True,
        help_text=_(
            "Number of staff in this unit itself, when known (people may not all be listed)."
        ),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="unique_unit_name_per_parent"
            ),
            # NULL parents are all distinct to the database: top-level names need their own.
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=models.Q(parent__isnull=True),
                name="unique_top_level_unit_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TenantModel):
    """A member of the client organisation; may never have an account."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    is_manager = models.BooleanField(_("manager"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Interface(TenantModel):
    """An internal client–supplier relationship: a provider unit serves a client unit."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="interfaces"
    )
    provider = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="provided_interfaces",
        verbose_name=_("provider"),
    )
    client = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="client_interfaces", verbose_name=_("client")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["provider__name", "client__name"]
        verbose_name = _("interface")
        verbose_name_plural = _("interfaces")
        constraints = [
            models.UniqueConstraint(fields=["provider", "client"], name="unique_interface"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} → {self.client}"
