"""Pol.is openData import and export: round trip, malformed files, a real conversation."""

import csv
import io
import zipfile
from pathlib import Path

import pytest

from liant.consultations import polis, services
from liant.consultations.models import Consultation, Participant, Statement, Vote
from liant.core.testing import MissionFactory

from .factories import ConsultationFactory, StatementFactory

pytestmark = pytest.mark.django_db

OPEN_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polis-opendata"


@pytest.fixture
def mission(owner):
    return MissionFactory(organization__workspace=owner.workspace)


def matrix(consultation) -> dict[tuple[int, int], int]:
    return {
        (p, s): v
        for p, s, v in Vote.objects.filter(consultation=consultation).values_list(
            "participant__number", "statement__number", "value"
        )
    }


def encoded(files: dict[str, str]) -> dict[str, bytes]:
    return {name: text.encode() for name, text in files.items()}


def test_export_then_import_gives_the_same_vote_matrix(mission, owner):
    consultation = ConsultationFactory(mission=mission)
    texts = ["Droit à la déconnexion après 19 h", 'Un "référent", par service', "Moins\nde mails"]
    statements = [StatementFactory(consultation=consultation, text=t) for t in texts]
    people = [services.join(consultation) for _ in range(4)]
    services.submit_statement(people[0], "Des outils, enfin, qui marchent")
    for i, person in enumerate(people):
        for j, statement in enumerate(statements):
            if (i + j) % 4:
                services.cast_vote(person, statement, (1, -1, 0)[(i * j) % 3])
    services.cast_vote(people[1], statements[0], Vote.DISAGREE)  # a change: latest wins
    before = matrix(consultation)
    files = polis.export_files(consultation, {0: 0, 1: 1})
    imported = polis.import_conversation(owner, mission, polis.parse(encoded(files)))
    assert matrix(imported) == before
    texts = dict(imported.statements.values_list("number", "text"))
    assert texts == dict(consultation.statements.values_list("number", "text"))
    pending = imported.statements.get(text="Des outils, enfin, qui marchent")
    assert pending.author.number == people[0].number
    rows = list(csv.reader(io.StringIO(files["participants-votes.csv"])))
    assert rows[0][:6] == polis.MATRIX_FIXED
    assert [r[1] for r in rows[1:3]] == ["0", "1"]


def test_export_zip_holds_the_four_files_and_no_identity(mission):
    consultation = ConsultationFactory(mission=mission)
    statement = StatementFactory(consultation=consultation)
    participant = services.join(consultation)
    services.cast_vote(participant, statement, Vote.AGREE)
    archive = zipfile.ZipFile(io.BytesIO(polis.export_zip(consultation)))
    assert sorted(archive.namelist()) == sorted(
        ["comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"]
    )
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    assert str(participant.key) not in everything
    assert consultation.secret not in everything


BAD_CASES = [
    ({"comments.csv": None}, "comments.csv", 0, "-"),
    (
        {"comments.csv": "id,text\n1,a\n"},
        "comments.csv", 1, "timestamp",
    ),
    (
        {"comments.csv": "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
                         "comment-body\n1,x,0,1,0,0,1,Bonjour\n2,x,un,1,0,0,1,Salut\n"},
        "comments.csv", 3, "comment-id",
    ),
    (
        {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n5,x,0,3,1\n6,x,0,4,2\n"},
        "votes.csv", 3, "vote",
    ),
    (
        {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n5,x,9,3,1\n"},
        "votes.csv", 2, "comment-id",
    ),
    (
        {"votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n5,x,0,3\n"},
        "votes.csv", 2, "-",
    ),
    (
        {"comments.csv": "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
                         "comment-body\n1,x,0,1,0,0,7,Bonjour\n"},
        "comments.csv", 2, "moderated",
    ),
]  # fmt: skip
GOOD = {
    "comments.csv": "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
    'comment-body\n1,x,0,1,0,0,1,"Bonjour, ""tous""\nsur deux lignes"\n',
    "votes.csv": "timestamp,datetime,comment-id,voter-id,vote\n5,x,0,3,1\n",
}


@pytest.mark.parametrize(("override", "filename", "line", "column"), BAD_CASES)
def test_malformed_files_name_line_and_column_and_import_nothing(
    owner_client, mission, override, filename, line, column
):
    files = {k: v for k, v in {**GOOD, **override}.items() if v is not None}  # None: missing
    with pytest.raises(polis.PolisFileError) as problem:
        polis.parse(encoded(files))
    assert (problem.value.filename, problem.value.line, problem.value.column) == (
        filename, line, column,
    )  # fmt: skip
    # Through the page: the error in French, nothing stored.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "export.zip"
    response = owner_client.post(
        f"/missions/{mission.pk}/consultations/import/", {"archive": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rien n’a été importé" in body
    assert f"{filename}, ligne {line}" in body
    assert not Consultation.objects.exists() and not Vote.objects.exists()


def test_a_well_formed_file_with_quotes_and_newlines_imports(owner_client, mission):
    conversation = polis.parse(encoded(GOOD))
    assert conversation.comments[0][3] == 'Bonjour, "tous"\nsur deux lignes'


def test_not_a_zip_is_refused(owner_client, mission):
    upload = io.BytesIO(b"timestamp,datetime\n")
    upload.name = "votes.csv"
    response = owner_client.post(
        f"/missions/{mission.pk}/consultations/import/", {"archive": upload}
    )
    assert "Rien n’a été importé" in response.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.skipif(not OPEN_DATA.exists(), reason="the shared Pol.is data is not on this machine")
def test_import_a_real_pol_is_conversation(owner, mission):
    folder = OPEN_DATA / "london.youth.policing"
    files = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    consultation = polis.import_conversation(
        owner, mission, polis.parse(files), source=str(folder.name)
    )
    assert consultation.title  # the topic from summary.csv
    # The latest votes equal Pol.is' own participant × comment matrix.
    rows = list(csv.DictReader(io.StringIO(files["participants-votes.csv"].decode())))
    expected = {
        (int(r["participant"]), int(c)): int(v)
        for r in rows
        for c, v in r.items()
        if c.isdigit() and v not in ("", None)
    }
    assert matrix(consultation) == expected
    comments = list(csv.DictReader(io.StringIO(files["comments.csv"].decode())))
    assert consultation.statements.count() == len(comments)
    rejected = sum(1 for c in comments if c["moderated"] == "-1")
    assert consultation.statements.filter(status=Statement.Status.REJECTED).count() == rejected
    assert Participant.objects.filter(consultation=consultation).count() >= len(rows)
