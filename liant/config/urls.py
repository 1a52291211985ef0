from django.urls import include, path
from django.views.i18n import set_language

from liant.api.api import api

urlpatterns = [
    path("", include("liant.core.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("liant.accounts.urls")),
    path("organisations/", include("liant.orgs.urls")),
    path("missions/", include("liant.missions.urls")),
    path("missions/<int:mission_pk>/diagnostic/", include("liant.diagnostic.urls")),
    path("missions/<int:mission_pk>/plan/", include("liant.steering.urls")),
    path("calendar/", include("liant.steering.urls_public")),
    path("workshops/", include("liant.workshops.urls")),
    path("join/", include("liant.live.urls")),
    path("s/", include("liant.diagnostic.urls_respond")),
    path("promises/", include("liant.commitments.urls")),
    path("missions/<int:mission_pk>/consultations/", include("liant.consultations.urls")),
    path("c/", include("liant.consultations.urls_take")),
    path("practices/", include("liant.practices.urls")),
    path("checkin/", include("liant.practices.urls_checkin")),
    path("missions/<int:mission_pk>/charters/", include("liant.charters.urls")),
    path("write/", include("liant.charters.urls_contribute")),
    path("documents/", include("liant.reports.urls")),
    path("api/v1/", api.urls),
    path("api/", include("liant.api.urls")),
    path("", include("liant.transfer.urls")),
]

handler403 = "liant.core.views.forbidden"
handler404 = "liant.core.views.not_found"
