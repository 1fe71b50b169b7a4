"""Exporters for the formats that have no room for every field: TimelineJS, iCalendar, a Markdown briefing.

Each takes records (the record form, in timeline order), the eras, and a text stream, and returns how
many events it wrote. TimelineJS and iCalendar exports load back to the same events: whatever a
record holds that the format's own slots would not give back exactly goes into a `frontline`
object / an `X-FRONTLINE-RECORD` property, found by reading each written event back (`hidden_fields`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from frontline.store.record import RECORD_KEYS, ColumnMap, RecordError, to_record, to_row

_REFERENCE = dt.date(2000, 1, 1)  # exports hold no relative dates; any day will do


def hidden_fields(record: Mapping[str, Any], visible: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `record` that loading `visible` (what a reader makes of the written slots) would not restore."""
    try:
        back = to_record(to_row(visible, ColumnMap.from_headers(list(visible)), reference=_REFERENCE))
    except (RecordError, ValueError):
        return {k: record[k] for k in RECORD_KEYS}
    return {k: record[k] for k in RECORD_KEYS if back.get(k) != record[k]}
