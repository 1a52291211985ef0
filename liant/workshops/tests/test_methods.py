"""The method library: the built-in data file, its loader, workspace methods and tenancy."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import WorkspaceFactory, make_actor
from liant.workshops import selectors, services
from liant.workshops.forms import MethodForm
from liant.workshops.methods import DATA_FILE, MethodDataError, load_methods, sync_builtin_methods
from liant.workshops.models import Activity, Method

KEYS = {
    "post-it-brainstorm",
    "desired-image",
    "appreciative-inquiry",
    "world-cafe",
    "open-space",
    "read-discuss-apply",
    "small-groups-plenary",
    "dot-voting",
    "impact-effort-matrix",
    "check-in-check-out",
}


def method_data(**overrides):
    data = {
        "name": "Bocal à poissons",
        "purpose": "Faire débattre quelques-uns devant tous.",
        "duration_minutes": 40,
        "group_format": "plenary",
        "group_size": "10 à 60 personnes",
        "timing": "5 min de consigne, 30 min de débat, 5 min de clôture.",
        "steps": "Installer le cercle intérieur\n\n  Lancer la question  \n"
        "Faire tourner les chaises",
        "materials": "Chaises",
        "tips": "",
        "board_prompts": "Ce que nous avons entendu",
    }
    return data | overrides


# --- The data file and its loader


def test_the_data_file_holds_the_ten_methods_complete_in_french_and_english():
    methods = load_methods()
    assert {m["key"] for m in methods} == KEYS
    for method in methods:
        for lang in ("fr", "en"):
            assert method["name"][lang] and method["purpose"][lang] and method["steps"][lang]
        assert method["duration_minutes"] > 0


@pytest.mark.django_db
def test_the_builtin_methods_are_in_the_database_for_every_workspace(owner):
    assert set(Method.objects.filter(workspace__isnull=True).values_list("key", flat=True)) == KEYS
    other = make_actor(WorkspaceFactory(), Role.CONSULTANT)
    assert {m.key for m in selectors.method_library(owner)} == KEYS
    assert {m.key for m in selectors.method_library(other)} == KEYS


def write(tmp_path, data):
    path = tmp_path / "methods.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def good():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[0]["purpose"].pop("en"), "purpose lacks the language en"),
        (lambda d: d[1]["name"].update(fr="  "), "name is empty in fr"),
        (lambda d: d[2]["steps"]["en"].pop(), "steps has not as many items"),
        (lambda d: d[3].update(duration_minutes="45"), "duration_minutes must be a whole number"),
        (lambda d: d[4].update(group_format="circle"), "group_format must be one of"),
        (lambda d: d[5].update(key=d[6]["key"]), "duplicate keys"),
        (lambda d: d[7]["board_prompts"].update(fr="Une question"), "must be a list of texts"),
        (lambda d: d[8].pop("tips"), "tips must be an object"),
    ],
)
def test_the_loader_refuses_a_damaged_file(tmp_path, damage, message):
    data = good()
    damage(data)
    with pytest.raises(MethodDataError, match=message):
        load_methods(write(tmp_path, data))


def test_the_loader_refuses_malformed_json(tmp_path):
    with pytest.raises(MethodDataError, match="not valid JSON"):
        load_methods(write(tmp_path, '[{"key": "x",}]'))
    with pytest.raises(MethodDataError, match="non-empty list"):
        load_methods(write(tmp_path, "{}"))


@pytest.mark.django_db
def test_sync_is_idempotent_and_restores_the_data_file():
    method = Method.objects.get(workspace__isnull=True, key="dot-voting")
    method.name = {"fr": "abîmé", "en": "broken"}
    method.save()
    counts = sync_builtin_methods()
    assert counts == {"created": 0, "updated": len(KEYS)}
    method.refresh_from_db()
    expected = next(m for m in load_methods() if m["key"] == "dot-voting")
    assert method.name == expected["name"] and method.steps == expected["steps"]
    assert Method.objects.filter(workspace__isnull=True).count() == len(KEYS)


# --- Workspace methods


@pytest.mark.django_db
def test_a_workspace_method_is_validated_audited_and_seen_by_its_workspace_only(owner, consultant):
    method = services.create_method(consultant, **method_data())
    assert method.workspace == consultant.workspace and method.language == "fr"
    assert method.steps == {
        "fr": ["Installer le cercle intérieur", "Lancer la question", "Faire tourner les chaises"]
    }
    assert method.prompts() == ["Ce que nous avons entendu"]
    assert AuditEntry.objects.filter(action="method.create").count() == 1
    assert method in selectors.method_library(owner)
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    assert method not in selectors.method_library(stranger)
    with pytest.raises(PermissionDenied):
        services.update_method(stranger, method, **method_data(name="Volé"))
    with pytest.raises(PermissionDenied):
        services.delete_method(stranger, method)
    method.refresh_from_db()
    assert method.name == {"fr": "Bocal à poissons"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", " "),
        ("purpose", ""),
        ("steps", "\n \n"),
        ("duration_minutes", 0),
        ("duration_minutes", 481),
        ("group_format", "circle"),
        ("board_prompts", "\n".join(f"Q{i}" for i in range(9))),
        ("board_prompts", "x" * 201),
    ],
)
def test_a_bad_workspace_method_is_refused_and_nothing_stored(owner, field, value):
    before = Method.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_method(owner, **method_data(**{field: value}))
    assert field in error.value.error_dict
    assert Method.objects.count() == before


@pytest.mark.django_db
def test_builtin_methods_are_read_only_and_sponsors_write_nothing(owner, sponsor):
    builtin = Method.objects.get(key="world-cafe")
    with pytest.raises(PermissionDenied):
        services.update_method(owner, builtin, **method_data())
    with pytest.raises(PermissionDenied):
        services.delete_method(owner, builtin)
    with pytest.raises(PermissionDenied):
        services.create_method(sponsor, **method_data())


@pytest.mark.django_db
def test_deleting_a_method_keeps_the_activities_that_used_it(owner):
    method = services.create_method(owner, **method_data())
    workshop = services.create_workshop(owner, title="Séminaire")
    activity = services.add_method_to_agenda(owner, workshop, method)
    services.delete_method(owner, method)
    activity.refresh_from_db()
    assert activity.method is None and activity.title == "Bocal à poissons"
    assert activity.duration_minutes == 40


@pytest.mark.django_db
def test_the_library_filters_by_words_without_accents_and_by_format(owner):
    keys = {m.key for m in selectors.method_library(owner, text="cafe")}
    assert keys == {"world-cafe"}
    assert {m.key for m in selectors.method_library(owner, group_format="individual")} == {
        "dot-voting"
    }
    with translation.override("en"):
        assert {m.key for m in selectors.method_library(owner, text="appreciative")} == {
            "appreciative-inquiry"
        }
    assert selectors.method_library(owner, text="zzzz introuvable") == []


# --- Pages


@pytest.mark.django_db
def test_library_and_method_pages_in_french_and_in_english(owner_client):
    body = owner_client.get(reverse("workshops:methods")).content.decode()
    assert "World Café" in body and "Brainstorm anonyme sur post-it" in body
    filtered = owner_client.get(reverse("workshops:methods"), {"q": "zzzz"}).content.decode()
    assert "Aucune méthode ne correspond" in filtered
    method = Method.objects.get(key="post-it-brainstorm")
    url = reverse("workshops:method_detail", args=[method.pk])
    body = owner_client.get(url).content.decode()
    assert "Brainstorm anonyme sur post-it" in body and "Astuces d’animation" in body
    assert "Vos idées (une idée par post-it)" in body  # board prompt
    owner_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = owner_client.get(url).content.decode()
    assert "Anonymous post-it brainstorm" in body and "Facilitator tips" in body


@pytest.mark.django_db
def test_create_edit_and_delete_a_workspace_method_through_the_pages(owner_client, owner):
    response = owner_client.post(reverse("workshops:method_create"), method_data(steps=""))
    assert response.status_code == 200
    assert "Écrivez au moins une étape" in response.content.decode()
    assert not Method.objects.filter(workspace=owner.workspace).exists()

    response = owner_client.post(
        reverse("workshops:method_create"), method_data(name="<script>x</script>Bocal")
    )
    method = Method.objects.get(workspace=owner.workspace)
    assert response.url == reverse("workshops:method_detail", args=[method.pk])
    body = owner_client.get(response.url).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;Bocal" in body and "<script>x" not in body

    edit = reverse("workshops:method_edit", args=[method.pk])
    assert "Faire tourner les chaises" in owner_client.get(edit).content.decode()
    owner_client.post(edit, method_data(name="Bocal", duration_minutes=50))
    method.refresh_from_db()
    assert method.name == {"fr": "Bocal"} and method.duration_minutes == 50

    builtin = Method.objects.get(key="open-space")
    assert owner_client.get(reverse("workshops:method_edit", args=[builtin.pk])).status_code == 403
    assert (
        owner_client.post(reverse("workshops:method_delete", args=[builtin.pk])).status_code == 403
    )

    owner_client.post(reverse("workshops:method_delete", args=[method.pk]))
    assert not Method.objects.filter(pk=method.pk).exists()


@pytest.mark.django_db
def test_use_a_method_in_a_workshop(owner_client, owner):
    workshop = services.create_workshop(owner, title="Séminaire")
    method = Method.objects.get(key="world-cafe")
    url = reverse("workshops:method_use", args=[method.pk])
    response = owner_client.post(url, {"workshop": workshop.pk})
    activity = Activity.objects.get()
    assert response.url.endswith(f"#activity-{activity.pk}")
    assert activity.title == "World Café" and activity.duration_minutes == 100
    assert activity.group_format == "small_groups" and activity.method == method
    # Another workspace's workshop, or none: a clear message, nothing added.
    stranger = make_actor(WorkspaceFactory(), Role.OWNER)
    theirs = services.create_workshop(stranger, title="Leur atelier")
    for data in ({"workshop": theirs.pk}, {}):
        response = owner_client.post(url, data, follow=True)
        assert response.status_code == 200
    assert Activity.objects.count() == 1
    assert "Choisissez" in response.content.decode()
    assert not theirs.activities.exists()


@pytest.mark.django_db
def test_a_method_written_in_english_is_kept_in_english_and_shown_to_everyone(owner):
    with translation.override("en"):
        method = services.create_method(owner, **method_data(name="Fishbowl"))
    assert method.language == "en" and method.name == {"en": "Fishbowl"}
    assert method.display_name == "Fishbowl"  # in French too: its only language
    services.update_method(owner, method, **method_data(name="Fishbowl debate"))
    method.refresh_from_db()
    assert method.name == {"en": "Fishbowl debate"}
    assert MethodForm.initial_from(method)["name"] == "Fishbowl debate"
