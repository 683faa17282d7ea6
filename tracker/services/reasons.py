"""Whether a reason to go past safety findings says why.

Crossing a catalog limit needs a recorded reason (DESIGN.md); a single
letter or word ("x", "ok") records that someone clicked, not why. A reason
is kept when it has at least two words and ten letters or digits: short
enough for "Keloid trial dose, agreed with patient", long enough to refuse
"ok". A rule for words, not a clinical number."""
from __future__ import annotations

import re

from tracker.services.dosing import Finding, blocking, needs_reason
from tracker.services.errors import BlockedError, FindingsNeedReasonError

MIN_WORDS = 2
MIN_CHARACTERS = 10  # letters and digits, spaces and punctuation aside


def reason_problem(text: str | None) -> str | None:
    """What is missing from ``text`` as a reason for the findings (None: it will do)."""
    text = (text or "").strip()
    if not text:
        return "give a reason"
    words = [w for w in re.split(r"[\s;,.:/]+", text) if any(c.isalnum() for c in w)]
    if len(words) < MIN_WORDS or sum(c.isalnum() for c in text) < MIN_CHARACTERS:
        return "say why in a few words (one word or a letter is not a reason)"
    return None


def passed_findings(findings: list[Finding], findings_reason: str | None) -> str | None:
    """The reason kept with a signed session for ``findings`` (None when there are
    none); raises BlockedError for a finding no reason overrides, and
    FindingsNeedReasonError when the reason is missing or does not say why."""
    if blocking(findings):
        raise BlockedError(blocking(findings))
    reason = (findings_reason or "").strip() or None
    if needs_reason(findings) and (problem := reason_problem(reason)):
        raise FindingsNeedReasonError(needs_reason(findings), problem if reason else None)
    return reason if findings else None
