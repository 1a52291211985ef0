"""Pol.is openData CSV files: export a consultation, import a conversation.

Layout (compdemocracy/openData, see ``/work/shared/data/polis-opendata/README.md``):
``comments.csv`` (timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,
comment-body), ``votes.csv`` (timestamp,datetime,comment-id,voter-id,vote; one row per vote
event, the latest per voter and comment wins), ``participants-votes.csv`` (the matrix of
latest votes with the group of each participant) and ``summary.csv`` (key,value rows).

Participants appear by their opaque number only. An import reads and checks every file
before writing anything; the first problem stops it with its file, line and column.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liant.core import audit
from liant.core.tenancy import Actor, require_staff

from .models import Consultation, Participant, Statement, Vote

COMMENTS_HEADER = [
    "timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
    "comment-body",
]  # fmt: skip
VOTES_HEADER = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
MATRIX_FIXED = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
MAX_FILE_BYTES = 50 * 1024 * 1024
IMPORT_MAX_TEXT = 2000  # Pol.is comments may exceed our own limit for new statements


# --- Export ---------------------------------------------------------------------------------


def _ms(moment: datetime.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _datetime_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def export_files(consultation: Consultation, groups: dict[int, int] | None = None) -> dict:
    """The four files as text. ``groups`` maps participant numbers to their group id."""
    groups = groups or {}
    statements = list(consultation.statements.select_related("author").order_by("number"))
    votes = list(
        Vote.objects.filter(consultation=consultation)
        .select_related("participant", "statement")
        .order_by("updated_at", "id")
    )
    tallies: dict[int, list[int]] = {s.pk: [0, 0] for s in statements}
    for vote in votes:
        if vote.value == Vote.AGREE:
            tallies[vote.statement_id][0] += 1
        elif vote.value == Vote.DISAGREE:
            tallies[vote.statement_id][1] += 1
    moderated = {
        Statement.Status.ACCEPTED: 1,
        Statement.Status.PENDING: 0,
        Statement.Status.REJECTED: -1,
    }
    comments = [COMMENTS_HEADER]
    for s in statements:
        flag = moderated[s.status]
        if s.status == Statement.Status.ACCEPTED and s.moderated_at is None:
            flag = 0  # published without review (post-moderation)
        comments.append([
            _ms(s.created_at), _datetime_text(s.created_at), s.number,
            s.author.number if s.author else "", *tallies[s.pk], flag, s.text,
        ])  # fmt: skip
    vote_rows = [VOTES_HEADER] + [
        [_ms(v.updated_at), _datetime_text(v.updated_at), v.statement.number,
         v.participant.number, v.value]
        for v in votes
    ]  # fmt: skip
    # The matrix: every participant who voted, every statement that has a vote.
    voted_statements = sorted({v.statement.number for v in votes})
    by_participant: dict[int, dict[int, int]] = {}
    for v in votes:
        by_participant.setdefault(v.participant.number, {})[v.statement.number] = v.value
    authored: dict[int, int] = {}
    for s in statements:
        if s.author:
            authored[s.author.number] = authored.get(s.author.number, 0) + 1
    matrix = [MATRIX_FIXED + [str(n) for n in voted_statements]]
    for number in sorted(by_participant):
        row = by_participant[number]
        values = list(row.values())
        matrix.append([
            number, groups.get(number, ""), authored.get(number, 0), len(values),
            values.count(Vote.AGREE), values.count(Vote.DISAGREE),
            *(row.get(s, "") for s in voted_statements),
        ])  # fmt: skip
    commenters = len(authored)
    summary = [
        ["topic", consultation.title],
        ["url", ""],
        ["views", consultation.participants.count()],
        ["voters", len(by_participant)],
        ["voters-in-conv", len(groups)],
        ["commenters", commenters],
        ["comments", len(statements)],
        ["groups", len(set(groups.values()))],
        ["conversation-description", consultation.question],
    ]
    return {
        "comments.csv": _csv(comments),
        "votes.csv": _csv(vote_rows),
        "participants-votes.csv": _csv(matrix),
        "summary.csv": _csv(summary),
    }


def export_zip(consultation: Consultation, groups: dict[int, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(consultation, groups).items():
            archive.writestr(name, text)
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------


class PolisFileError(ValueError):
    """A malformed file: which one, where, and why (in the user's language)."""

    def __init__(self, filename: str, line: int, column: str, message: str):
        self.filename, self.line, self.column, self.message = filename, line, column, message
        super().__init__(
            _("%(file)s, line %(line)d, column “%(column)s”: %(message)s")
            % {"file": filename, "line": line, "column": column, "message": message}
        )


@dataclass
class Conversation:
    topic: str = ""
    description: str = ""
    # comment-id → (timestamp ms, author-id or None, moderated flag, text)
    comments: dict[int, tuple[int, int | None, int, str]] = field(default_factory=dict)
    # (voter-id, comment-id) → (timestamp ms, vote): the latest vote wins
    votes: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def _decode(filename: str, raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise PolisFileError(filename, 1, "-", _("the file is larger than 50 MB."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PolisFileError(filename, line, "-", _("the file is not UTF-8 text.")) from None


def _rows(filename: str, text: str, header: list[str]):
    """(line number, {column: value}) of each row, after checking the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader)
    except StopIteration:
        raise PolisFileError(filename, 1, "-", _("the file is empty.")) from None
    except csv.Error as error:
        raise PolisFileError(filename, 1, "-", str(error)) from None
    for index, name in enumerate(header):
        if index >= len(first) or first[index].strip() != name:
            raise PolisFileError(
                filename, 1, name,
                _("the header must be: %(header)s.") % {"header": ",".join(header)},
            )  # fmt: skip
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PolisFileError(filename, reader.line_num, "-", str(error)) from None
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PolisFileError(
                filename, start, "-",
                _("expected %(expected)d columns, found %(found)d.")
                % {"expected": len(header), "found": len(row)},
            )  # fmt: skip
        yield start, dict(zip(header, row, strict=True))


def _int(filename: str, line: int, column: str, value: str, *, blank_ok=False) -> int | None:
    value = value.strip()
    if blank_ok and value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise PolisFileError(
            filename, line, column, _("“%(value)s” is not a whole number.") % {"value": value[:40]}
        ) from None


def parse(files: dict[str, bytes]) -> Conversation:
    """Check and read the files (``comments.csv`` and ``votes.csv`` are required)."""
    for required in ("comments.csv", "votes.csv"):
        if required not in files:
            raise PolisFileError(required, 0, "-", _("this file is missing."))
    conversation = Conversation()
    if "summary.csv" in files:
        text = _decode("summary.csv", files["summary.csv"])
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(row) >= 2 and row[0] == "topic":
                conversation.topic = row[1].strip()
            elif len(row) >= 2 and row[0] == "conversation-description":
                conversation.description = row[1].strip()
    name = "comments.csv"
    for line, row in _rows(name, _decode(name, files[name]), COMMENTS_HEADER):
        number = _int(name, line, "comment-id", row["comment-id"])
        if number < 0:
            raise PolisFileError(name, line, "comment-id", _("an id cannot be negative."))
        if number in conversation.comments:
            raise PolisFileError(
                name, line, "comment-id", _("comment %(id)d appears twice.") % {"id": number}
            )
        stamp = _int(name, line, "timestamp", row["timestamp"])
        author = _int(name, line, "author-id", row["author-id"], blank_ok=True)
        flag = _int(name, line, "moderated", row["moderated"])
        if flag not in (-1, 0, 1):
            raise PolisFileError(name, line, "moderated", _("must be 1, 0 or -1."))
        body = row["comment-body"].strip()
        if not body:
            raise PolisFileError(name, line, "comment-body", _("the comment is empty."))
        if len(body) > IMPORT_MAX_TEXT:
            raise PolisFileError(
                name, line, "comment-body",
                _("the comment is longer than %(max)d characters.") % {"max": IMPORT_MAX_TEXT},
            )  # fmt: skip
        conversation.comments[number] = (stamp, author, flag, body)
    name = "votes.csv"
    for line, row in _rows(name, _decode(name, files[name]), VOTES_HEADER):
        stamp = _int(name, line, "timestamp", row["timestamp"])
        comment = _int(name, line, "comment-id", row["comment-id"])
        voter = _int(name, line, "voter-id", row["voter-id"])
        value = _int(name, line, "vote", row["vote"])
        if value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
            raise PolisFileError(name, line, "vote", _("must be 1 (agree), -1 or 0 (pass)."))
        if comment not in conversation.comments:
            raise PolisFileError(
                name, line, "comment-id",
                _("comment %(id)d is not in comments.csv.") % {"id": comment},
            )  # fmt: skip
        if voter < 0:
            raise PolisFileError(name, line, "voter-id", _("an id cannot be negative."))
        previous = conversation.votes.get((voter, comment))
        if previous is None or stamp >= previous[0]:
            conversation.votes[(voter, comment)] = (stamp, value)
    return conversation


def _moment(ms: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


@transaction.atomic
def import_conversation(
    actor: Actor, mission, conversation: Conversation, *, title: str = "", source: str = ""
) -> Consultation:
    """A closed consultation holding the conversation (statements keep their Pol.is ids,
    participants their Pol.is numbers)."""
    require_staff(actor)
    if mission.workspace_id != actor.workspace_id:
        raise ValueError("mission of another workspace")
    stamps = [c[0] for c in conversation.comments.values()] + [
        v[0] for v in conversation.votes.values()
    ]
    opens = _moment(min(stamps)) if stamps else timezone.now()
    closes = max(_moment(max(stamps)) if stamps else opens, opens) + datetime.timedelta(seconds=1)
    topic = title or conversation.topic or _("Imported Pol.is conversation")
    consultation = Consultation.objects.create(
        workspace_id=actor.workspace_id,
        mission=mission,
        title=topic[:200],
        question=(conversation.description or topic)[:300],
        context=conversation.description,
        opens_at=opens,
        closes_at=closes,
        moderation=Consultation.Moderation.POST,
        imported_from=source[:300],
    )
    numbers = {author for _, author, _, _ in conversation.comments.values() if author is not None}
    numbers |= {voter for voter, _ in conversation.votes}
    Participant.objects.bulk_create(
        Participant(workspace_id=actor.workspace_id, consultation=consultation, number=n)
        for n in sorted(numbers)
    )
    participants = dict(consultation.participants.values_list("number", "id"))
    status = {1: Statement.Status.ACCEPTED, 0: Statement.Status.ACCEPTED,
              -1: Statement.Status.REJECTED}  # fmt: skip
    now = timezone.now()
    Statement.objects.bulk_create(
        Statement(
            workspace_id=actor.workspace_id,
            consultation=consultation,
            number=number,
            text=body,
            author_id=participants.get(author) if author is not None else None,
            is_seed=author is None,
            status=status[flag],
            reason=Statement.Reason.OTHER if flag == -1 else "",
            moderated_at=now if flag != 0 else None,
        )
        for number, (_stamp, author, flag, body) in sorted(conversation.comments.items())
    )
    statements = dict(consultation.statements.values_list("number", "id"))
    Vote.objects.bulk_create(
        (
            Vote(
                workspace_id=actor.workspace_id,
                consultation=consultation,
                participant_id=participants[voter],
                statement_id=statements[comment],
                value=value,
            )
            for (voter, comment), (_stamp, value) in conversation.votes.items()
        ),
        batch_size=2000,
    )
    audit.record(
        actor, "consultation.import", consultation, consultation.title,
        {"statements": len(statements), "votes": len(conversation.votes),
         "participants": len(participants)},
    )  # fmt: skip
    return consultation


def read_upload(upload) -> dict[str, bytes]:
    """The files of an uploaded zip (or of one CSV file), by their base name."""
    raw = upload.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise PolisFileError(upload.name, 1, "-", _("the file is larger than 50 MB."))
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise PolisFileError(
            upload.name, 1, "-", _("send a .zip file holding comments.csv and votes.csv.")
        )
    files = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in archive.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if base.endswith(".csv") and info.file_size <= MAX_FILE_BYTES:
                files[base] = archive.read(info)
    return files
