"""URLs of a mission's action plan and steering, mounted at /missions/<mission_pk>/plan/.

Each part owns one module and fills its own ``urlpatterns`` (see ``OWNERSHIP.md``); nobody
edits this list. Name URL arguments after their object (``action_pk``, ``review_pk``…,
never a bare ``pk``): the isolation matrix (``liant/core/tests/test_isolation.py``) maps
them to objects.
"""

from django.urls import include, path

app_name = "steering"

urlpatterns = [
    path("", include("liant.steering.urls_plan")),  # plan part
    path("", include("liant.steering.urls_track")),  # track part
]
