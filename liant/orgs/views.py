# Skeleton: replaced by the organisations work.
from django.http import Http404, HttpResponse

from liant.core.decorators import actor_required


@actor_required
def organization_list(request):
    return HttpResponse("organisations")


@actor_required(staff=True)
def organization_create(request):
    raise Http404


@actor_required
def organization_detail(request, pk):
    raise Http404
