"""UCDP GED (Uppsala Georeferenced Event Dataset) CSV.

- Ids: `ucdp-<id>` (GED ids are bare numbers; the prefix keeps them apart from other files' ids),
  so re-importing a newer GED version updates events in place.
- Dates: `date_start`..`date_end` is the event's span (the interval is UCDP's uncertainty). The
  precision is the day, except when `date_prec` is 4 or 5 and the span is exactly one whole month
  (month precision) or one whole year (year precision). `date_prec` stays in `extra`. GED begins
  in 1989: an earlier year is a typo, refused with its line.
- Figures: `best` is the fatalities; `low`, `high` and the `deaths_*` columns stay in `extra`.
- Actors are `side_a` and `side_b`; the place is `where_coordinates` (the name of the point; the
  sentence around it, `where_description`, stays in `extra` as `adm_2` does); admin1 is `adm_1`;
  category the type of violence; the title is made from the type, the dyad and the place.
- Sources: `source_article` holds articles separated by `;`, each `Outlet,YYYY-MM-DD,Headline` (in quotes or not); each
  is a source with its outlet (`name`), `date` and `headline`. An article not in that form is a source
  named by its text; `source_headline` is used when `source_article` is empty. Other columns go to `extra`.
- Missing values: empty, `NA` and `nan` are no value.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Iterator

from frontline.store.categories import from_ucdp
from frontline.store.formats.common import cell, require_columns, short_title, to_item
from frontline.store.readers import Context, Item, csv_records
from frontline.store.record import RecordError

FIRST_YEAR = 1989
VIOLENCE = {"1": "State-based violence", "2": "Non-state violence", "3": "One-sided violence"}
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ARTICLE = re.compile(r"\s*(.*?)\s*,\s*(\d{4}-\d{2}-\d{2})\s*,\s*(.*?)\s*", re.S)
# source_headline repeats the headlines of source_article; kept only when the articles do not parse
_SOURCE_PARTS = {"source_headline"}
_USED = {
    "id", "date_start", "date_end", "best", "side_a", "side_b", "source_article", "where_coordinates",
    "adm_1", "latitude", "longitude",
}  # fmt: skip
NAMES = {"id": "id", "date": "date_start", "end_date": "date_end", "precision": "date_prec", "place": "where_coordinates",
         "admin1": "adm_1", "lat": "latitude", "lon": "longitude", "fatalities": "best", "actors": "side_a",
         "sources": "source_article", "title": "dyad_name", "category": "type_of_violence"}  # fmt: skip


def _day(value: str | None, column: str) -> dt.date:
    if value is None:
        raise RecordError(column, "missing date")
    match = _DAY.fullmatch(value)
    if not match:
        raise RecordError(column, f"expected a day like 2020-01-29, found {value[:40]!r}")
    try:
        day = dt.date(*map(int, match.groups()))
    except ValueError as exc:
        raise RecordError(column, f"no such day: {value[:40]!r} ({exc})") from None
    if day.year < FIRST_YEAR:
        raise RecordError(column, f"year {day.year} is impossible for UCDP GED (it begins in {FIRST_YEAR})")
    if day.year > dt.date.today().year:
        raise RecordError(column, f"year {day.year} is in the future")
    return day


def _precision(start: dt.date, end: dt.date, code: str | None) -> str:
    if code not in ("4", "5") or start.day != 1:
        return "day"
    if start.month == 1 and (end.month, end.day, end.year) == (12, 31, start.year):
        return "year"
    if (end.year, end.month) == (start.year, start.month) and end.day == calendar.monthrange(end.year, end.month)[1]:
        return "month"
    return "day"


def _sources(articles: str | None, headlines: str | None) -> list[dict[str, str | None]]:
    """Each `Outlet,YYYY-MM-DD,Headline` of `source_article` as a source; a part without its own date
    (a headline holding a `;`) belongs to the article before it."""
    parts: list[str] = []
    text = articles or ""
    if text.lstrip().startswith('"'):  # each article in quotes, as GED writes them: '"AFP,2020-01-29,…";"…"'
        quoted = next(csv.reader([text], delimiter=";", skipinitialspace=True), [])
        parts = [part.strip() for part in quoted if part.strip()]
    else:
        for part in text.split(";"):
            if not part.strip():
                continue
            if parts and not _ARTICLE.fullmatch(part) and _ARTICLE.fullmatch(parts[-1]):
                parts[-1] = f"{parts[-1]};{part}"
            else:
                parts.append(part.strip())
    sources: list[dict[str, str | None]] = []
    for part in parts:
        match = _ARTICLE.fullmatch(part)
        if match and match.group(1):
            outlet, date, headline = match.groups()
            source: dict[str, str | None] = {"name": outlet, "url": None, "date": date}
            if headline:
                source["headline"] = headline
            sources.append(source)
        else:
            sources.append({"name": part, "url": None})
    if not sources:
        sources = [{"name": h.strip(), "url": None} for h in (headlines or "").split(";") if h.strip()]
    return sources


def ucdp_record(raw: dict[str, str]) -> dict:
    row = {k.strip().lower(): cell(v) for k, v in raw.items()}
    ident = row.get("id")
    if ident is None:
        raise RecordError("id", "missing id")
    start = _day(row.get("date_start"), "date_start")
    end = _day(row.get("date_end"), "date_end") if row.get("date_end") else start
    if end < start:
        raise RecordError("date_end", f"ends ({end}) before it starts ({start})")
    code = row.get("date_prec")
    if code is not None and code not in ("1", "2", "3", "4", "5"):
        raise RecordError("date_prec", f"expected 1 to 5, found {code[:20]!r}")
    kind = row.get("type_of_violence")
    if kind is not None and kind not in VIOLENCE:
        raise RecordError("type_of_violence", f"expected 1, 2 or 3, found {kind[:20]!r}")
    precision = _precision(start, end, code)
    form = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(start.year)}[precision]
    label = VIOLENCE.get(kind or "")
    dyad = row.get("dyad_name") or " – ".join(s for s in (row.get("side_a"), row.get("side_b")) if s)
    place = row.get("where_coordinates") or row.get("where_description")
    where = place or row.get("adm_1") or row.get("country")
    title = ", ".join(p for p in (dyad, where) if p) or "UCDP event"
    if label:
        title = f"{label.split()[0]}: {title}"
    sources = _sources(row.get("source_article"), row.get("source_headline"))
    skip = _SOURCE_PARTS if sources and all(s.get("headline") for s in sources) else set()
    return {
        "id": f"ucdp-{ident}",
        "date": form,
        "end_date": end.isoformat(),
        "precision": precision,
        "title": short_title(title),
        "place": place,
        "admin1": row.get("adm_1"),
        "lat": row.get("latitude"),
        "lon": row.get("longitude"),
        "actors": [s for s in (row.get("side_a"), row.get("side_b")) if s],
        "category": from_ucdp(kind),
        "fatalities": row.get("best"),
        "sources": sources,
        "extra": {k: v for k, v in row.items() if v is not None and k not in _USED and k not in skip}
        | ({"source_category": label} if label else {}),
    }


def _check(ctx: Context, headers: list[str]) -> None:
    require_columns(ctx, [x.lower() for x in headers], ("id", "date_start"), "a UCDP GED export")


def read_ucdp(ctx: Context) -> Iterator[Item]:
    """GED rows as events; an id given twice in one file is refused (`store.load_checks`)."""
    for line, raw in csv_records(ctx, lambda headers: _check(ctx, headers)):
        with ctx.row(line):
            yield to_item(ctx, line, ucdp_record(raw), NAMES)
