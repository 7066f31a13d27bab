"""A disclosure's status as the page states it: text that changes only when its state does,
with the dates a script in the reader's browser counts days from (assets congkhai.js)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from generator.model.posting import Expected, PostingRecord, missing_text, posting_status


def status_html(record: PostingRecord, day: dt.date) -> Markup:
    """<span> holding the record's status on `day`."""
    status = posting_status(record, day)
    until = f' data-until="{status.until.isoformat()}"' if status.until else ""
    verb = "" if record.verb == "niêm yết" else f' data-verb="{escape(record.verb)}"'
    return Markup(
        f'<span class="ck-posting" data-state="{status.state}" '
        f'data-posted="{status.posted.isoformat()}"{until}{verb}>{escape(status.text)}</span>'
    )


def missing_html(expected: Expected, day: dt.date) -> Markup:
    """<span> saying a disclosure expected by its due day is missing (or not yet due)."""
    state = "missing" if day > expected.due else "pending"
    return Markup(
        f'<span class="ck-posting" data-state="{state}" data-due="{expected.due.isoformat()}">'
        f"{escape(missing_text(expected, day))}</span>"
    )
