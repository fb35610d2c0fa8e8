"""Accepting a post of a prefilled form: the one path the HTML portal and the JSON API both take.

`check_post` runs `check_submission` with the portal's key and the signed-in subject (locks from the
page's signed token alone) and keeps only the correction requests on values the signed page offered.
`store_accepted` writes what an accepted post leaves behind: the dossier record (every flag from signed
state: the token's verdict and the session's identity), the receipt, and the correction requests routed
to the feedback sink; past the citizen's receipt quota it stores nothing and says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eformkit.dossier.feedback import route_corrections
from eformkit.dossier.record import build_record
from eformkit.dossier.storage import StoredReceipt
from eformkit.prefill.submission import SubmissionCheck, check_submission

if TYPE_CHECKING:
    from eformkit.portal.app import Portal
    from eformkit.prefill.identity import Identity
    from eformkit.render.form_post import Envelope
    from eformkit.schema.form import Form

__all__ = ["CheckedPost", "check_post", "store_accepted"]


@dataclass(slots=True)
class CheckedPost:
    """The verdict on one post, and the correction requests kept (pointer → reason, on offered values only)."""

    check: SubmissionCheck
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def corrections(self) -> list[dict[str, str]]:
        return [{"pointer": p, "reason": r} for p, r in self.flags.items()]


def check_post(
    portal: Portal,
    form: Form,
    identity: Identity,
    data: Any,
    *,
    token: str | None,
    corrections: Sequence[Mapping[str, str]] = (),
    lang: str = "vi",
) -> CheckedPost:
    """Check `data` against the page's `token` for the signed-in `identity` (never a subject from the post)."""
    keys = (portal.key, *portal.previous_keys)  # a token signed before a key rotation still verifies
    check = check_submission(form, data, token=token, key=keys, subject=identity.personal_id, lang=lang)
    # "This value is wrong" on any value the signed page offered, locked or not; the rest is dropped.
    flags = {c["pointer"]: c["reason"] for c in corrections if c["pointer"] in check.values}
    return CheckedPost(check, flags)


def store_accepted(
    portal: Portal,
    form: Form,
    post: CheckedPost,
    envelope: Envelope,
    identity: Identity,
) -> str | None:
    """Store an accepted post; return its receipt id, or None when the citizen's receipt quota is reached
    (nothing is stored then: receipts are dossiers and are never dropped to make room)."""
    check = post.check
    if not check.accepted:
        raise ValueError("only an accepted post is stored")
    if len(portal.storage.receipts_of(identity.personal_id)) >= portal.settings.receipts_per_citizen:
        return None
    rid = secrets.token_hex(12)  # hex: never starts with "-", so it is a safe CLI argument
    # Everything about the prefilled values comes from the token: the sources are not read again.
    record = build_record(form, check, None, identity=identity, receipt_id=rid, channel="online",
                          agency=portal.settings.agency, lang=envelope.lang, corrections=post.corrections)  # fmt: skip
    portal.storage.put_record(record)
    warnings = [i.to_dict() for i in check.report.warnings] if check.report else []
    kept = {**envelope.to_json(), "data": check.data, "corrections": post.corrections, "warnings": warnings}
    portal.storage.put_receipt(StoredReceipt(rid, identity.personal_id, form.id, kept))
    route_corrections(record, portal.storage.feedback)
    return rid
