"""The thong-tin.yaml every dataset carries: the kind's own fields plus metadata.yaml's."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from generator.model.posting import FORM_LABELS
from generator.tools.sample.days import vn


@dataclass(frozen=True)
class Decision:
    number: str  # e.g. "25/NQ-HĐND"
    date: dt.date
    issuer: str


def decision_number(rng: random.Random, form: str, level: str) -> str:
    # Provinces issue thousands of decisions a year, communes a few dozen.
    high = {"province": 3200, "district": 1500, "commune": 60}[level]
    low = 10 if level == "commune" else 50
    return f"{rng.randint(low, high)}/{form}"


def metadata(
    *,
    title: str,
    own: dict,
    legal_basis: str,
    posted: dt.date,
    office: str,
    decision: Decision | None = None,
    notes: str | None = None,
    forms: tuple[str, ...] = ("tru-so", "cong-thong-tin"),
    place: str | None = None,
    responsible: str | None = None,
    until: dt.date | None = None,
) -> dict:
    """Keys in the order a reader expects: what it is, under which law, who decided, when and how
    posted, by whom. `forms`: codes of model.posting.FORMS, written as staff write them."""
    data = {"title": title, **own, "legal_basis": legal_basis}
    if decision is not None:
        data.update(
            decision_number=decision.number,
            decision_date=vn(decision.date),
            decision_issuer=decision.issuer,
        )
    data["posted"] = vn(posted)
    if until:
        data["posted_until"] = vn(until)
    data["posting_forms"] = "; ".join(FORM_LABELS[f] for f in forms)
    if place:
        data["posting_place"] = place
    if responsible:
        data["responsible"] = responsible
    data["office"] = office
    if notes:
        data["notes"] = notes
    return data
