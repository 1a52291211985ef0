"""Helpers for the accounts tests."""

import re

from django.core import mail

from liant.accounts import services
from liant.accounts.models import Invitation

SITE = "http://testserver/"


def invite(actor, email="nina@example.org", role="consultant", organization=None) -> Invitation:
    return services.invite(actor, email=email, role=role, organization=organization, site_url=SITE)


def link_path(message) -> str:
    """The /accounts/invitation/<token>/ path of an invitation e-mail."""
    match = re.search(r"https?://[^/\s]+(/accounts/invitation/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def last_link() -> str:
    return link_path(mail.outbox[-1])
