"""The codebook of a campaign: hierarchical themes, their rules, moves, deletion and import."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from liant.core.models import AuditEntry
from liant.core.tenancy import Role
from liant.core.testing import make_actor
from liant.diagnostic import services_coding as services
from liant.diagnostic.models import CodedSegment, Theme

from .factories import (
    CodedSegmentFactory,
    InterviewCampaignFactory,
    NoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return InterviewCampaignFactory(title="Entretiens DRH")


@pytest.fixture
def consultant(campaign):
    return make_actor(campaign.workspace, Role.CONSULTANT)


@pytest.fixture
def client_in(client, consultant):
    client.force_login(consultant.user)
    return client


def url(name, campaign, *args):
    return reverse(f"diagnostic:{name}", args=[campaign.mission_id, campaign.pk, *args])


def test_create_a_three_level_codebook(consultant, campaign):
    root = services.create_theme(consultant, campaign, name="  Outils  ", colour="#0072B2")
    child = services.create_theme(consultant, campaign, name="Formation", parent=root)
    grandchild = services.create_theme(consultant, campaign, name="Tutoriels", parent=child)
    assert (root.name, root.colour) == ("Outils", "#0072b2")
    assert grandchild.parent == child and child.parent == root
    assert AuditEntry.objects.filter(action="diagnostic.theme_create").count() == 3


def test_sibling_names_are_unique_ignoring_case(consultant, campaign):
    root = services.create_theme(consultant, campaign, name="Outils")
    services.create_theme(consultant, campaign, name="Formation", parent=root)
    with pytest.raises(ValidationError) as error:
        services.create_theme(consultant, campaign, name="outils")
    assert "Un autre thème principal porte déjà ce nom." in str(error.value)
    with pytest.raises(ValidationError):
        services.create_theme(consultant, campaign, name="FORMATION", parent=root)
    # The same name elsewhere in the tree is fine.
    services.create_theme(consultant, campaign, name="Formation")
    assert Theme.objects.filter(campaign=campaign).count() == 3


def test_bad_theme_input_stores_nothing(consultant, campaign):
    for bad in ({"name": " "}, {"name": "x" * 121}, {"name": "Ok", "colour": "red"}):
        with pytest.raises(ValidationError):
            services.create_theme(consultant, campaign, **{"colour": "#123456", **bad})
    assert not Theme.objects.exists()


def test_moves_refuse_cycles(consultant, campaign):
    root = services.create_theme(consultant, campaign, name="Organisation")
    child = services.create_theme(consultant, campaign, name="Réunions", parent=root)
    grandchild = services.create_theme(consultant, campaign, name="Trop longues", parent=child)
    for target in (root, grandchild):
        with pytest.raises(ValidationError) as error:
            services.update_theme(consultant, root, name="Organisation", colour="#0072b2",
                                  parent=target)  # fmt: skip
        assert "ne peut pas être déplacé sous lui-même" in str(error.value)
    root.refresh_from_db()
    assert root.parent is None
    # A legal move: the grandchild becomes a main theme, then goes under the root.
    services.update_theme(consultant, grandchild, name="Trop longues", colour="#0072b2")
    assert Theme.objects.get(pk=grandchild.pk).parent is None


def test_depth_is_limited(consultant, campaign):
    parent = None
    for level in range(services.MAX_DEPTH):
        parent = services.create_theme(consultant, campaign, name=f"N{level}", parent=parent)
    with pytest.raises(ValidationError):
        services.create_theme(consultant, campaign, name="Too deep", parent=parent)


def test_parent_of_another_campaign_is_refused(consultant, campaign):
    other = ThemeFactory(campaign__mission=campaign.mission)
    with pytest.raises(PermissionDenied):
        services.create_theme(consultant, campaign, name="X", parent=other)


def test_sponsor_cannot_write(campaign):
    sponsor = make_actor(
        campaign.workspace, Role.SPONSOR, organization=campaign.mission.organization
    )
    with pytest.raises(PermissionDenied):
        services.create_theme(sponsor, campaign, name="X")


def test_reorder_siblings(consultant, campaign):
    a = services.create_theme(consultant, campaign, name="A")
    b = services.create_theme(consultant, campaign, name="B")
    c = services.create_theme(consultant, campaign, name="C")
    services.move_theme(consultant, c, "up")
    assert list(Theme.objects.filter(campaign=campaign).values_list("name", flat=True)) == [
        "A", "C", "B",
    ]  # fmt: skip
    services.move_theme(consultant, a, "up")  # already first: nothing changes
    services.move_theme(consultant, a, "down")
    assert [t.name for t in Theme.objects.filter(campaign=campaign)] == ["C", "A", "B"]
    assert b.pk


def test_delete_with_excerpts_asks_for_confirmation(client_in, consultant, campaign):
    root = services.create_theme(consultant, campaign, name="Outils")
    child = services.create_theme(consultant, campaign, name="Formation", parent=root)
    other = services.create_theme(consultant, campaign, name="Charge")
    note = NoteFactory(interview__campaign=campaign)
    only_child = CodedSegmentFactory(note=note, themes=[child])
    both = CodedSegmentFactory(note=note, themes=[root, other])
    # A first POST only shows what would happen.
    response = client_in.post(url("coding_theme_delete", campaign, root.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 extraits codés y sont associés." in body
    assert "1 extrait n’a pas d’autre thème et sera supprimé." in body
    assert "Son sous-thème est aussi supprimé." in body
    assert Theme.objects.filter(pk=root.pk).exists()
    response = client_in.post(url("coding_theme_delete", campaign, root.pk), {"confirm": "yes"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk__in=[root.pk, child.pk]).exists()
    assert not CodedSegment.objects.filter(pk=only_child.pk).exists()
    assert list(CodedSegment.objects.get(pk=both.pk).themes.all()) == [other]


def test_delete_an_unused_theme_at_once(client_in, consultant, campaign):
    theme = services.create_theme(consultant, campaign, name="Vide")
    response = client_in.post(url("coding_theme_delete", campaign, theme.pk))
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_codebook_page_and_forms(client_in, consultant, campaign):
    response = client_in.get(url("coding_codebook", campaign))
    assert response.status_code == 200
    assert "Aucun thème pour l’instant." in response.content.decode()
    response = client_in.post(
        url("coding_theme_create", campaign),
        {"name": "R&D <tests>", "colour": "custom", "custom_colour": "#123abc", "description": ""},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(campaign=campaign)
    assert (theme.name, theme.colour) == ("R&D <tests>", "#123abc")
    body = client_in.get(url("coding_codebook", campaign)).content.decode()
    assert "R&amp;D &lt;tests&gt;" in body and "<tests>" not in body
    # Bad input: a clear message, nothing stored.
    response = client_in.post(
        url("coding_theme_create", campaign),
        {"name": "r&d <TESTS>", "colour": "custom", "custom_colour": "#12"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Un autre thème principal porte déjà ce nom." in body
    assert "Indiquez une couleur au format #RRVVBB, par exemple #2f6f8f." in body
    assert Theme.objects.filter(campaign=campaign).count() == 1


def test_edit_form_refuses_a_cycle_with_a_message(client_in, consultant, campaign):
    root = services.create_theme(consultant, campaign, name="Organisation")
    child = services.create_theme(consultant, campaign, name="Réunions", parent=root)
    response = client_in.post(
        url("coding_theme_edit", campaign, root.pk),
        {"name": "Organisation", "colour": "#0072b2", "parent": child.pk},
    )
    assert response.status_code == 200
    assert "ne peut pas être déplacé sous lui-même" in response.content.decode()
    root.refresh_from_db()
    assert root.parent is None


def test_import_a_codebook_from_another_campaign(client_in, consultant, campaign):
    source = InterviewCampaignFactory(mission__organization__workspace=campaign.workspace)
    root = ThemeFactory(campaign=source, name="Outils", colour="#e69f00", description="Logiciels")
    ThemeFactory(campaign=source, name="Formation", parent=root)
    ThemeFactory(campaign=source, name="Charge")
    services.create_theme(consultant, campaign, name="outils")  # merged with the imported one
    response = client_in.post(url("coding_import", campaign), {"source": source.pk})
    assert response.status_code == 302
    names = {(t.name, t.parent.name if t.parent else None) for t in campaign.themes.all()}
    assert names == {("outils", None), ("Formation", "outils"), ("Charge", None)}
    # Importing again adds nothing.
    client_in.post(url("coding_import", campaign), {"source": source.pk})
    assert campaign.themes.count() == 3
    # Another workspace's campaign is refused.
    foreign = ThemeFactory(name="Étranger").campaign
    response = client_in.post(url("coding_import", campaign), {"source": foreign.pk})
    assert campaign.themes.count() == 3


def test_edit_form_shows_a_custom_colour(client_in, consultant, campaign):
    theme = services.create_theme(consultant, campaign, name="Charge", colour="#8e2c6b")
    body = client_in.get(url("coding_theme_edit", campaign, theme.pk)).content.decode()
    assert 'value="custom" checked' in body and 'value="#8e2c6b"' in body
    response = client_in.post(
        url("coding_theme_edit", campaign, theme.pk),
        {"name": "Charge de travail", "colour": "#009e73", "description": "Volume, urgences"},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.colour, theme.description) == (
        "Charge de travail", "#009e73", "Volume, urgences",
    )  # fmt: skip


def test_a_name_taken_meanwhile_gets_the_message(consultant, campaign, monkeypatch):
    services.create_theme(consultant, campaign, name="Outils")
    # A colleague's save lands between the check and the insert: the database refuses.
    checked = services._clean_theme
    monkeypatch.setattr(
        services,
        "_clean_theme",
        lambda campaign, **kw: {**checked(campaign, **{**kw, "name": "Autre"}), "name": "Outils"},
    )
    with pytest.raises(ValidationError) as error:
        services.create_theme(consultant, campaign, name="Outils")
    assert "Un autre thème principal porte déjà ce nom." in str(error.value)
    assert Theme.objects.filter(campaign=campaign).count() == 1
