"""Freshness of the synced sources on screen: a table for the Sources page and a short line for
the sidebar when a source is overdue or failing. Pure: rows and the time in, display values out
(the status depends on the time, so it is worked out on every run, not when data are loaded)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from loaders.connect.freshness import SourceFreshness, age, when

#: Statuses the sidebar warns about.
ALERT = ("overdue", "failing")


def freshness_table(rows: tuple[SourceFreshness, ...], now: dt.datetime) -> pd.DataFrame:
    """One row per source: its status, last successful sync, next due time, last error."""
    # sources.yaml's reader and records: only when it declares sources (not at every start)
    from loaders.connect.spec import format_duration

    out = []
    for row in rows:
        status = row.status(now)
        due = ""
        if row.next_due is not None:
            due = when(row.next_due) + (
                f" (in {age(row.next_due - now)})"
                if row.next_due > now
                else f" ({age(now - row.next_due)} ago)"
            )
        out.append(
            {
                "source": row.source,
                "kind": row.kind,
                "status": status,
                "last synced": when(row.last_success),
                "next due": due or "now",
                "every": format_duration(row.schedule),
                "last error": row.last_error,
                "added last time": row.added,
                "left out last time": "; ".join(row.warnings),
            }
        )
    columns = ["source", "status", "next due", "last synced", "every", "kind", "added last time"]
    return pd.DataFrame(out, columns=[*columns, "last error", "left out last time"])


def overdue_note(rows: tuple[SourceFreshness, ...], now: dt.datetime) -> str:
    """'2 sources need attention: planet overdue (due 3 h ago), rw failing' or '' when none."""
    late = [r for r in rows if r.status(now) in ALERT]
    if not late:
        return ""
    parts = []
    for r in late[:3]:
        status = r.status(now)
        if status == "overdue" and r.next_due is not None:
            parts.append(f"{r.source} overdue (due {age(now - r.next_due)} ago)")
        else:
            parts.append(f"{r.source} {status}")
    more = f" and {len(late) - 3} more" if len(late) > 3 else ""
    noun = "source needs" if len(late) == 1 else "sources need"
    return f"{len(late)} synced {noun} attention: {', '.join(parts)}{more}."
