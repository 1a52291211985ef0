from django.db import models
from django.utils.translation import gettext_lazy as _

from liant.core.models import TenantModel


class ApiToken(TenantModel):
    """A personal API token of one membership. Only the SHA-256 of the secret is stored;
    the visible prefix lets its owner recognise it in the list."""

    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
