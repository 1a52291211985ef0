from django.db.models import Count

from liant.core.tenancy import Actor, scoped

from .models import Organization


def organization_list(actor: Actor):
    qs = scoped(Organization.objects.all(), actor)
    if actor.is_sponsor:
        qs = qs.filter(pk=actor.sponsored_organization_id)
    return qs.annotate(unit_count=Count("units", distinct=True))


def get_organization(actor: Actor, pk: int) -> Organization:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(organization_list(actor), pk=pk)
