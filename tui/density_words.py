"""The density strip's words: a month's (or a cell's) events and deaths, said as they are.

A year's own events (known only by their year) count a twelfth in each of its months' bars, so that
January does not look busy; the words give the dated events as a whole number and name the year's own
apart ('2 events, and 3 known only as 2012'), so that no month reads '2.1 events'.
"""

from __future__ import annotations

from calendar import month_abbr

from frontline.store.match_months import MonthCount
from frontline.tui.text import count_text, fitting, month_words, short_number


def cursor_info(
    month: int, months: dict[int, MonthCount], matches: dict[int, float] | None, happenings: bool, width: int
) -> tuple[str, str, str]:
    """The words at the right of the strip for the cursor's month (a count of months, `month_index`): its
    events, its deaths and its name, each the longest way that fits in `width` columns."""
    key = f"{month // 12:04d}-{month % 12 + 1:02d}"
    here = months.get(month) or MonthCount(key, 0, 0, 0, 0)
    year, noun = f"{month // 12}", "happening" if happenings else "event"
    found = f" · {short_number(matches.get(month, 0))} found" if matches is not None else ""

    def ways(dated: int, own: int, noun: str, plural: str = "") -> list[str]:  # longest first
        return [month_words(dated, own, year, noun, plural, short=short) for short in (False, True, "tiny")]

    events = fitting(width, [words + found for words in ways(here.dated, here.year_own, noun)])
    killed = fitting(width, ways(here.dated_killed, here.year_own_killed, "killed", "killed"))
    return events, killed, f"{month_abbr[month % 12 + 1]} {month // 12}"


def cell_tooltip(
    label: str, start: int, span: int, months: dict[int, MonthCount], matched: float | None, happenings: bool
) -> str:
    """What a cell of the strip (`label`, `span` months from month `start`) holds, in words, for its tooltip:
    a cell of a year or less names its year's own events apart; a cell of whole years holds them whole,
    and says how many they are."""
    rows = [row for index in range(start, start + span) if (row := months.get(index))]
    owns = {row.month[:4]: (row.year_own, row.year_own_killed) for row in rows}  # each year's once
    year = f"{start // 12}" if span < 12 else ""  # whole years: each its own
    own_events, own_killed = sum(n for n, _ in owns.values()), sum(k for _, k in owns.values())
    noun = "happening" if happenings else "event"
    events = month_words(sum(r.dated for r in rows), own_events, year, noun, number=count_text)
    dead = month_words(sum(r.dated_killed for r in rows), own_killed, year, "killed", "killed", number=count_text)
    words = f"{label}: {events}\n{dead}"
    if matched is not None:
        words += f"\n{count_text(matched)} matching"
    if own_events and span < 12:  # why a month with no dated event has a bar
        words += f"\nthose known only as {year} count a twelfth in each month's bar"
    return words + "\nclick to go there"
