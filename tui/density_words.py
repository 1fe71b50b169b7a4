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
    month: int, months: dict[int, MonthCount], matches: dict[int, MonthCount] | None, happenings: bool, width: int
) -> tuple[str, str, str]:
    """The words at the right of the strip for the cursor's month (a count of months, `month_index`): its
    events (and matches), its deaths and its name, each the longest way that fits in `width` columns."""
    key = f"{month // 12:04d}-{month % 12 + 1:02d}"
    here = months.get(month) or MonthCount(key, 0, 0, 0, 0)
    year, noun = f"{month // 12}", "happening" if happenings else "event"

    def ways(dated: int, own: int, noun: str, plural: str = "") -> list[str]:  # longest first
        return [month_words(dated, own, year, noun, plural, short=short) for short in (False, True, "tiny")]

    events = ways(here.dated, here.year_own, noun)
    if matches is not None:  # '· 1 found', or '· 1 + 2 found': dated matches, and the year's own
        found = matches.get(month) or MonthCount(key, 0, 0, 0, 0)
        plus = [f" + {short_number(found.year_own)}"] * 2 + [f"+{short_number(found.year_own)}"]
        events = [f"{words} · {short_number(found.dated)}{more if found.year_own else ''} found"
                  for words, more in zip(events, plus, strict=True)]  # fmt: skip
    killed = fitting(width, ways(here.dated_killed, here.year_own_killed, "killed", "killed"))
    return fitting(width, events), killed, f"{month_abbr[month % 12 + 1]} {month // 12}"


def cell_sums(months: dict[int, MonthCount], start: int, span: int) -> MonthCount:
    """The months `start`..`start + span - 1` together: dated events added up, each year's own once."""
    rows = [row for index in range(start, start + span) if (row := months.get(index))]
    owns = {row.month[:4]: (row.year_own, row.year_own_killed) for row in rows}
    return MonthCount(
        f"{start // 12:04d}-{start % 12 + 1:02d}", sum(r.dated for r in rows), sum(r.dated_killed for r in rows),
        sum(n for n, _ in owns.values()), sum(k for _, k in owns.values()),
    )  # fmt: skip


def cell_tooltip(
    label: str, start: int, span: int, months: dict[int, MonthCount], matches: dict[int, MonthCount] | None,
    happenings: bool,
) -> str:  # fmt: skip
    """What a cell of the strip (`label`, `span` months from month `start`) holds, in words, for its tooltip:
    a cell of a year or less names its year's own events apart; a cell of whole years holds them whole,
    and says how many they are."""
    year = f"{start // 12}" if span < 12 else ""  # whole years: each its own
    cell = cell_sums(months, start, span)

    def said(dated: int, own: int, noun: str, plural: str = "") -> str:
        return month_words(dated, own, year, noun, plural, number=count_text)

    words = f"{label}: {said(cell.dated, cell.year_own, 'happening' if happenings else 'event')}"
    words += f"\n{said(cell.dated_killed, cell.year_own_killed, 'killed', 'killed')}"
    if matches is not None:
        found = cell_sums(matches, start, span)
        words += f"\n{said(found.dated, found.year_own, 'matching', 'matching')}"
    if cell.year_own and span < 12:  # why a month with no dated event has a bar
        words += f"\nthose known only as {year} count a twelfth in each month's bar"
    return words + "\nclick to go there"
