"""Theme view, frequency by unit and role, search, exports, and the confidentiality of it all."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from liant.core.tenancy import Role
from liant.core.testing import PersonFactory, UnitFactory, make_actor
from liant.diagnostic.exports_coding import QDC_NAMESPACE

from .factories import (
    CodedSegmentFactory,
    InterviewCampaignFactory,
    InterviewFactory,
    NoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
NS = {"q": QDC_NAMESPACE}


@pytest.fixture
def world():
    campaign = InterviewCampaignFactory(title="Entretiens DRH")
    org = campaign.mission.organization
    paie, rh = UnitFactory(organization=org, name="Paie"), UnitFactory(organization=org, name="RH")
    alice = PersonFactory(organization=org, unit=paie, name="Alice Martin", title="Gestionnaire")
    bruno = PersonFactory(organization=org, unit=rh, name="Bruno Petit", title="Responsable")
    chloe = PersonFactory(organization=org, unit=paie, name="Chloé Roux", title="")
    outils = ThemeFactory(campaign=campaign, name="Outils", colour="#0072b2",
                          description="Logiciels & matériel")  # fmt: skip
    formation = ThemeFactory(campaign=campaign, name="Formation", parent=outils, colour="#e69f00")
    charge = ThemeFactory(campaign=campaign, name="R&D <tests>", colour="#009e73")
    one = InterviewFactory(campaign=campaign, label="Entretien 1", people=[alice])
    two = InterviewFactory(campaign=campaign, label="Entretien 2", people=[bruno, chloe])
    n1 = NoteFactory(interview=one, text="Le logiciel de paie plante. Personne n'est formé.")
    n2 = NoteFactory(interview=two, text='=HYPERLINK("http://x") Trop de réunions ; élève')
    s1 = CodedSegmentFactory(note=n1, start=3, end=11, themes=[outils])
    s2 = CodedSegmentFactory(note=n1, start=28, end=48, themes=[formation, charge], quotable=True)
    s3 = CodedSegmentFactory(note=n2, start=0, end=23, themes=[formation])
    return locals()


@pytest.fixture
def client_in(client, world):
    client.force_login(make_actor(world["campaign"].workspace, Role.CONSULTANT).user)
    return client


def url(name, campaign, *args):
    return reverse(f"diagnostic:{name}", args=[campaign.mission_id, campaign.pk, *args])


def test_theme_view_with_and_without_sub_themes(client_in, world):
    campaign, outils = world["campaign"], world["outils"]
    body = client_in.get(url("coding_theme", campaign, outils.pk)).content.decode()
    assert body.count('class="cd-excerpt"') == 3
    assert "Personne n&#x27;est formé" in body and "Entretien 2" in body
    assert "Paie" in body and "RH" in body
    assert "Alice Martin" not in body  # no name next to a quote
    alone = client_in.get(url("coding_theme", campaign, outils.pk) + "?sub=0").content.decode()
    assert alone.count('class="cd-excerpt"') == 1 and "logiciel" in alone


def test_frequency_by_unit_and_role(client_in, world):
    from liant.diagnostic.selectors_coding import frequency

    actor = make_actor(world["campaign"].workspace, Role.CONSULTANT)
    tables = frequency(actor, world["campaign"])
    units = tables["units"]
    assert units.groups == ["Paie", "RH"]
    rows = {
        node.theme.name: ([c for c, _shade in cells], total) for node, cells, total in units.rows
    }
    assert rows["Outils"] == ([2, 1], 2)  # its sub-theme Formation is in both interviews
    assert rows["Formation"] == ([2, 1], 2)
    assert rows["R&D <tests>"] == ([1, 0], 1)
    roles = tables["roles"]
    assert roles.groups == ["Gestionnaire", "Responsable", "Fonction non renseignée"]
    rows = {node.theme.name: [c for c, _shade in cells] for node, cells, _total in roles.rows}
    assert rows["R&D <tests>"] == [1, 0, 0] and rows["Formation"] == [1, 1, 1]
    body = client_in.get(url("coding_frequency", world["campaign"])).content.decode()
    assert "R&amp;D &lt;tests&gt;" in body and "Gestionnaire" in body


def test_search_ignores_accents_and_case(client_in, world):
    campaign = world["campaign"]
    body = client_in.get(url("coding_search", campaign), {"q": "ELEVE"}).content.decode()
    assert '<mark class="cd-match">élève</mark>' in body
    assert "1 résultat pour «\u00a0ELEVE\u00a0»." in body
    assert f"#note-{world['n2'].pk}" in body
    empty = client_in.get(url("coding_search", campaign), {"q": "absent"}).content.decode()
    assert "0 résultat pour" in empty and "cd-match" not in empty
    # Notes of another campaign are not searched.
    NoteFactory(interview__campaign__mission=campaign.mission, text="élève ailleurs")
    body = client_in.get(url("coding_search", campaign), {"q": "eleve"}).content.decode()
    assert body.count('class="cd-match"') == 1


def test_qdc_export_parses_back(client_in, world):
    response = client_in.get(url("coding_export_qdc", world["campaign"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('codebook.qdc"')
    assert b"R&amp;D &lt;tests&gt;" in response.content
    book = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert book.tag == f"{{{QDC_NAMESPACE}}}CodeBook"
    roots = book.findall("q:Codes/q:Code", NS)
    assert [c.get("name") for c in roots] == ["Outils", "R&D <tests>"] or sorted(
        c.get("name") for c in roots
    ) == ["Outils", "R&D <tests>"]
    outils = next(c for c in roots if c.get("name") == "Outils")
    assert outils.get("color") == "#0072B2" and outils.get("isCodable") == "true"
    assert outils.find("q:Description", NS).text == "Logiciels & matériel"
    children = outils.findall("q:Code", NS)
    assert [c.get("name") for c in children] == ["Formation"]
    assert children[0].get("color") == "#E69F00"
    guids = [c.get("guid") for c in book.iter(f"{{{QDC_NAMESPACE}}}Code")]
    assert len(set(guids)) == 3 and all(len(g) == 36 and g == g.upper() for g in guids)
    again = client_in.get(url("coding_export_qdc", world["campaign"]))
    assert again.content == response.content  # stable guids


def test_csv_export_neutralises_formulas(client_in, world):
    response = client_in.get(url("coding_export_csv", world["campaign"]))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Thème", "Extrait", "Citable anonymement", "Entretien"]
    assert len(rows) == 1 + 4  # one row per excerpt and theme
    paths = sorted(r[0] for r in rows[1:])
    assert paths == ["Outils", "Outils › Formation", "Outils › Formation", "R&D <tests>"]
    formula = next(r for r in rows[1:] if "HYPERLINK" in r[1])
    assert formula[1].startswith("'=HYPERLINK")
    assert formula[4] == "Paie, RH"
    assert not any("Alice" in cell for row in rows for cell in row)


def test_xlsx_export_keeps_formulas_as_text(client_in, world):
    response = client_in.get(url("coding_export_xlsx", world["campaign"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thème" and len(rows) == 5
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    quotable = [r for r in rows[1:] if r[2] == "oui"]
    assert len(quotable) == 2  # the quotable excerpt under its two themes


def test_sponsors_get_404_everywhere(client, world):
    campaign = world["campaign"]
    sponsor = make_actor(
        campaign.workspace, Role.SPONSOR, organization=campaign.mission.organization
    )
    client.force_login(sponsor.user)
    s1, outils = world["s1"], world["outils"]
    for name, args in [
        ("coding_codebook", []), ("coding_theme_create", []), ("coding_theme", [outils.pk]),
        ("coding_theme_edit", [outils.pk]), ("coding_theme_delete", [outils.pk]),
        ("coding_theme_move", [outils.pk]), ("coding_import", []),
        ("coding_interview", [world["one"].pk]), ("coding_segment_create", []),
        ("coding_segment_update", [s1.pk]), ("coding_segment_delete", [s1.pk]),
        ("coding_frequency", []), ("coding_search", []), ("coding_export_qdc", []),
        ("coding_export_csv", []), ("coding_export_xlsx", []),
    ]:  # fmt: skip
        for method in ("get", "post"):
            response = getattr(client, method)(url(name, campaign, *args))
            assert response.status_code == 404, (name, method)
    assert outils.segments.count() == 1


def test_home_page_links_to_the_coding(client_in, world):
    campaign = world["campaign"]
    body = client_in.get(reverse("diagnostic:home", args=[campaign.mission_id])).content.decode()
    assert url("coding_codebook", campaign) in body


def test_pages_use_a_fixed_number_of_queries(client_in, world, django_assert_max_num_queries):
    campaign, outils = world["campaign"], world["outils"]
    org = campaign.mission.organization
    for n in range(12):  # many more interviews, people, notes and excerpts
        person = PersonFactory(organization=org, unit=UnitFactory(organization=org),
                               title=f"Fonction {n}")  # fmt: skip
        note = NoteFactory(interview=InterviewFactory(campaign=campaign, people=[person]),
                           text=f"Encore un outil à apprendre, le numéro {n}.")  # fmt: skip
        CodedSegmentFactory(note=note, start=0, end=12, themes=[outils, world["charge"]])
    pages = [
        url("coding_codebook", campaign),
        url("coding_theme", campaign, outils.pk),
        url("coding_frequency", campaign),
        url("coding_search", campaign) + "?q=outil",
        url("coding_interview", campaign, world["one"].pk),
        url("coding_export_csv", campaign),
    ]
    for page in pages:
        with django_assert_max_num_queries(16):
            assert client_in.get(page).status_code == 200
