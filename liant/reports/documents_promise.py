"""Service promises as documents (PDF, DOCX): one interface's full promise (expectations,
commitments, operating modes with their service levels, the pair, the RACI, the last
version and review), and the organisation's simplified table (unit · expects from us · we
commit to) — the same reads as the promise page and the simplified table page.
Nothing of the counterpart's feedback link (a capability) goes into a document."""

from __future__ import annotations

from itertools import groupby

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liant.commitments import selectors
from liant.commitments.models import PromiseItem
from liant.core.tenancy import Actor, require_staff

from . import docx_writer, kinds, pdf


def get_interface(actor: Actor, pk: int):
    require_staff(actor)
    return selectors.get_interface(actor, pk)


def get_organization(actor: Actor, pk: int):
    require_staff(actor)
    return selectors.get_organization(actor, pk)


def promise_title(interface) -> str:
    return _("Service promise of %(provider)s to %(client)s") % {
        "provider": interface.provider.name,
        "client": interface.client.name,
    }


def table_title(org) -> str:
    return _("Service promises of %(name)s") % {"name": org.name}


def promise_content(interface) -> dict:
    row = selectors.interface_rows([interface])[0]
    promise = row.promise
    raci_actors, raci_rows = selectors.raci_matrix(promise)
    plan = selectors.plan_of(interface.provider)
    return {
        "interface": interface,
        "row": row,
        "promise": promise,
        "mission_statement": plan.mission_statement if plan else "",
        "sections": [
            (label, row.items[kind], any(i.service_level for i in row.items[kind]))
            for kind, label in PromiseItem.Kind.choices
        ],
        "raci_actors": raci_actors,
        "raci_rows": raci_rows,
    }


def table_content(org) -> dict:
    rows = selectors.interface_rows(selectors.organization_interfaces(org))
    rows.sort(key=lambda r: (r.interface.provider.name, r.interface.provider_id))
    groups = [
        (provider, list(members))
        for provider, members in groupby(rows, key=lambda r: r.interface.provider)
    ]
    return {"org": org, "groups": groups}


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _pair_line(promise) -> str:
    if promise is None or not promise.has_pair:
        return ""
    line = f"{_('Pair:')} {promise.pair_first.name}, {promise.pair_second.name}"
    if promise.contact:
        line += f" · {_('Contact:')} {promise.contact.name}"
    return line


def _version_line(row) -> str:
    version = row.last_version
    if version is None:
        return _("Not published yet.")
    return _("Version %(number)s published on %(date)s; review due on %(due)s.") % {
        "number": version.number,
        "date": _date(version.published_at),
        "due": _date(version.review_due),
    }


def _promise_docx(actor, title: str, data: dict) -> bytes:
    writer = docx_writer.Writer(actor, title, data["interface"].organization.name)
    if data["mission_statement"]:
        writer.paragraph(f"{_('Mission:')} {data['mission_statement']}")
    if line := _pair_line(data["promise"]):
        writer.paragraph(line, muted=True)
    writer.paragraph(_version_line(data["row"]), muted=True)
    for label, items, _levels in data["sections"]:
        writer.heading(label, 1)
        if not items:
            writer.paragraph(_("Nothing written yet."), muted=True)
        writer.bullets(
            f"{item.text} — {_('service level:')} {item.service_level}"
            if item.service_level
            else item.text
            for item in items
        )
    if data["raci_rows"]:
        writer.heading(_("RACI matrix"), 1)
        writer.table(
            [_("Activity")] + [a.name for a in data["raci_actors"]],
            [[r.activity.label] + r.letters for r in data["raci_rows"]],
        )
    return writer.save()


def _table_docx(actor, title: str, data: dict) -> bytes:
    writer = docx_writer.Writer(actor, title, _("Simplified form"))
    if not data["groups"]:
        writer.paragraph(_("No internal interface yet."), muted=True)
    for provider, rows in data["groups"]:
        writer.heading(provider.name, 1)
        writer.table(
            [_("Unit"), _("expects from us"), _("we commit to")],
            [
                [
                    row.interface.client.name,
                    "\n".join(f"• {i.text}" for i in row.items["expectation"]) or "—",
                    "\n".join(f"• {i.text}" for i in row.items["commitment"]) or "—",
                ]
                for row in rows
            ],
        )
    return writer.save()


def render_promise(actor: Actor, interface, fmt: str, progress: kinds.Progress):
    data = promise_content(interface)
    progress(40)
    title = promise_title(interface)
    if fmt == "pdf":
        context = pdf.cover_context(actor, title, interface.organization.name) | data
        context["pair_line"] = _pair_line(data["promise"])
        context["version_line"] = _version_line(data["row"])
        return pdf.render_pdf("reports/documents/promise.html", context), "service-promise.pdf"
    return _promise_docx(actor, title, data), "service-promise.docx"


def render_table(actor: Actor, org, fmt: str, progress: kinds.Progress):
    data = table_content(org)
    progress(40)
    title = table_title(org)
    if fmt == "pdf":
        context = pdf.cover_context(actor, title, _("Simplified form")) | data
        return pdf.render_pdf("reports/documents/promise_table.html", context), "promises.pdf"
    return _table_docx(actor, title, data), "promises.docx"


kinds.register(
    kinds.DocumentKind(
        key="service_promise",
        label=gettext_lazy("Service promise"),
        formats=("pdf", "docx"),
        get_object=get_interface,
        title=promise_title,
        back_url=lambda interface: reverse("commitments:promise", args=[interface.pk]),
        render=render_promise,
    )
)
kinds.register(
    kinds.DocumentKind(
        key="service_table",
        label=gettext_lazy("Service promises, simplified table"),
        formats=("pdf", "docx"),
        get_object=get_organization,
        title=table_title,
        back_url=lambda org: reverse("commitments:simplified", args=[org.pk]),
        render=render_table,
    )
)
