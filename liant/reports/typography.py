"""French typography for documents: non-breaking spaces before « : ; ! ? », inside « »,
and straight double quotes turned into guillemets. Applied to text, never to markup."""

import re

NBSP = "\u00a0"  # before « : » and inside guillemets
NARROW_NBSP = "\u202f"  # before « ; ! ? »

_QUOTED = re.compile(r'"([^"\n]+)"')
_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+([;!?»:])")
# A letter or closing sign glued to « ; ! ? » (« Pourquoi? »); digits are left alone (10:30)
# and so are « :// » (addresses).
_GLUED_TALL = re.compile(r"(?<=[^\W\d_]|[)\]»])([;!?])")
_GLUED_COLON = re.compile(r"(?<=[^\W\d_]|[)\]»]):(?=\s|$)")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")


def _space_for(sign: str) -> str:
    return NBSP if sign in ":»" else NARROW_NBSP


def french(text: str) -> str:
    if not text:
        return ""
    text = _QUOTED.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _SPACE_BEFORE.sub(lambda m: _space_for(m.group(1)) + m.group(1), text)
    text = _GLUED_TALL.sub(lambda m: NARROW_NBSP + m.group(1), text)
    text = _GLUED_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    return re.sub(r"(?<![\u00a0\u202f])»", NBSP + "»", text)


def typeset(text: str, language: str) -> str:
    """``text`` with the typography of ``language`` (only French has rules here)."""
    return french(str(text)) if language.startswith("fr") else str(text)
