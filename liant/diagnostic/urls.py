"""URLs of a mission's diagnostic, mounted at /missions/<mission_pk>/diagnostic/.

Each part of issue 5 owns one module and fills its own ``urlpatterns``; nobody edits this
list. Name URL arguments after their object (``campaign_pk``, ``survey_pk``…, never a bare
``pk``): the isolation matrix (``liant/core/tests/test_isolation.py``) maps them to objects.
"""

from django.urls import include, path

from . import views

app_name = "diagnostic"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("liant.diagnostic.urls_interviews")),  # part a
    path("", include("liant.diagnostic.urls_coding")),  # part b
    path("", include("liant.diagnostic.urls_surveys")),  # part c
    path("", include("liant.diagnostic.urls_results")),  # part d
    path("", include("liant.diagnostic.urls_readout")),  # part e
]
