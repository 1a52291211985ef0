"""A workshop and a readout with something of everything a document shows."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from liant.diagnostic.models import Finding
from liant.diagnostic.tests.factories import (
    AxisFactory,
    CodedSegmentFactory,
    EvidenceFactory,
    FindingFactory,
    NoteFactory,
    ReadoutFactory,
)
from liant.live.protocol import Who, apply
from liant.workshops import canvas_boards, services
from liant.workshops.canvases import sync_builtin_canvases
from liant.workshops.models import Canvas, Card

from .conftest import image_bytes


def command(kind, **fields):
    return {"id": str(uuid.uuid4()), "type": kind, **fields}


def build_workshop(owner):
    """A board with a group, loose cards and ranked votes; a SWOT canvas board; a photo."""
    workshop = services.create_workshop(owner, title="Séminaire de rentrée")
    board = services.add_board(owner, workshop, title="Irritants", prompts=["Ce qui freine"])
    ana = services.join(workshop, pseudonym="Ana")
    column = board.columns.get()
    facilitator = Who(None, True)
    texts = ("Réunions trop longues", "Pourquoi tant d'outils?", "<b>Outils</b> : trop nombreux")
    for text in texts:
        apply(
            board.pk, Who(ana.pk), command("card.add", board=board.pk, column=column.pk, text=text)
        )
    apply(board.pk, facilitator, command("board.stage", board=board.pk, stage="group"))
    event, _ = apply(
        board.pk, facilitator, command("cluster.create", board=board.pk, title="Réunions")
    )
    cluster_id = event.payload["cluster"]["id"]
    card = Card.objects.get(text="Réunions trop longues")
    apply(
        board.pk,
        facilitator,
        command("card.move", board=board.pk, card=card.pk, cluster=cluster_id),
    )
    apply(board.pk, facilitator, command("board.stage", board=board.pk, stage="vote"))
    other = Card.objects.get(text="Pourquoi tant d'outils?")
    bruno = services.join(workshop, pseudonym="Bruno")
    apply(board.pk, Who(ana.pk), command("vote.add", board=board.pk, cluster=cluster_id))
    apply(board.pk, Who(bruno.pk), command("vote.add", board=board.pk, cluster=cluster_id))
    apply(board.pk, Who(ana.pk), command("vote.add", board=board.pk, card=other.pk))

    sync_builtin_canvases()  # a transactional test database starts without them
    swot = Canvas.objects.get(workspace=None, key="swot")
    (canvas_board,) = canvas_boards.add_canvas_boards(
        owner, workshop, swot, title="SWOT", hidden_until_reveal=False
    )
    strengths = canvas_board.columns.order_by("position", "pk").first()
    apply(
        canvas_board.pk,
        Who(ana.pk),
        command("card.add", board=canvas_board.pk, column=strengths.pk, text="Équipe soudée"),
    )
    image = SimpleUploadedFile("mur.png", image_bytes("PNG"), content_type="image/png")
    services.add_photo(owner, workshop, image=image, caption="Fresque du matin")
    return workshop


def build_readout(owner):
    readout = ReadoutFactory(
        mission__workspace=owner.workspace,
        title="Restitution du diagnostic",
        introduction="Merci à toutes et à tous : 42 entretiens menés.",
    )
    axis = AxisFactory(
        readout=readout, title="Organisation du travail", description="Clarifier les rôles"
    )
    finding = FindingFactory(axis=axis, text="Les priorités changent chaque semaine")
    FindingFactory(axis=axis, kind=Finding.Kind.STRENGTH, text="Une équipe solidaire")
    note = NoteFactory(
        interview__campaign__mission=readout.mission,
        text="On ne sait jamais qui décide, c'est épuisant pour tout le monde.",
    )
    quotable = CodedSegmentFactory(note=note, end=40, quotable=True)
    secret = CodedSegmentFactory(note=note, start=41, end=60, quotable=False)
    EvidenceFactory(finding=finding, segment=quotable, theme=None)
    EvidenceFactory(finding=finding, segment=secret, theme=None, comment="Commentaire interne")
    return readout
