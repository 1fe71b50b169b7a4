"""Tests for store.dates: human-written dates into (start, end, precision)."""

from __future__ import annotations

import calendar
import contextlib
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.store.dates import (
    DateError,
    DateSpan,
    bucket,
    format_long,
    format_short,
    parse_date,
    parse_range,
    record_date,
)

# The seed article was written on Wednesday 29 January 2020.
REF = datetime.date(2020, 1, 29)
assert REF.weekday() == 2

PARSES = [
    # --- ISO / EDTF fast path
    ("2019-12-19", "2019-12-19", "2019-12-19", "day"),
    ("2019-12", "2019-12-01", "2019-12-31", "month"),
    ("2019", "2019-01-01", "2019-12-31", "year"),
    ("2019-02", "2019-02-01", "2019-02-28", "month"),
    ("2020-02", "2020-02-01", "2020-02-29", "month"),
    ("1900-02", "1900-02-01", "1900-02-28", "month"),  # century, not a leap year
    ("2000-02", "2000-02-01", "2000-02-29", "month"),  # divisible by 400: leap
    ("602", "0602-01-01", "0602-12-31", "year"),
    ("0602", "0602-01-01", "0602-12-31", "year"),
    ("1066", "1066-01-01", "1066-12-31", "year"),
    ("2019-12/2020-01", "2019-12-01", "2020-01-31", "month"),
    ("2019/2020", "2019-01-01", "2020-12-31", "year"),
    ("2019-12-19/2020-01", "2019-12-19", "2020-01-31", "day"),
    ("2019-12-19T14:00:00", "2019-12-19", "2019-12-19", "day"),
    ("2019-12-19T14:00:00Z", "2019-12-19", "2019-12-19", "day"),
    ("2019-12-19T23:59:59.999+05:30", "2019-12-19", "2019-12-19", "day"),
    ("2019-12-19 14:00", "2019-12-19", "2019-12-19", "day"),
    ("20200129", "2020-01-29", "2020-01-29", "day"),
    ("20200129T140000Z", "2020-01-29", "2020-01-29", "day"),
    ("2019-12~", "2019-12-01", "2019-12-31", "month"),
    ("2019-12?", "2019-12-01", "2019-12-31", "month"),
    ("2019~", "2019-01-01", "2019-12-31", "year"),
    ("2020-02-29", "2020-02-29", "2020-02-29", "day"),
    ("2000-02-29", "2000-02-29", "2000-02-29", "day"),
    ("2020/01/29", "2020-01-29", "2020-01-29", "day"),
    ("  2019-12-19 ", "2019-12-19", "2019-12-19", "day"),
    # --- written forms
    ("19 December 2019", "2019-12-19", "2019-12-19", "day"),
    ("December 19, 2019", "2019-12-19", "2019-12-19", "day"),
    ("December 19 2019", "2019-12-19", "2019-12-19", "day"),
    ("19 Dec 2019", "2019-12-19", "2019-12-19", "day"),
    ("19 DECEMBER 2019", "2019-12-19", "2019-12-19", "day"),
    ("Dec. 2019", "2019-12-01", "2019-12-31", "month"),
    ("December 2019", "2019-12-01", "2019-12-31", "month"),
    ("Dec 2019", "2019-12-01", "2019-12-31", "month"),
    ("Feb 2016", "2016-02-01", "2016-02-29", "month"),
    ("Sept. 11, 2001", "2001-09-11", "2001-09-11", "day"),
    ("the 29th of January 2020", "2020-01-29", "2020-01-29", "day"),
    ("1st March 2011", "2011-03-01", "2011-03-01", "day"),
    ("29 February 2020", "2020-02-29", "2020-02-29", "day"),
    ("14 October 1066", "1066-10-14", "1066-10-14", "day"),
    ("June 602", "0602-06-01", "0602-06-30", "month"),
    ("Wednesday 29 January 2020", "2020-01-29", "2020-01-29", "day"),
    ("Wed, 29 Jan 2020 14:00:00 +0000", "2020-01-29", "2020-01-29", "day"),
    ("29 January 2020 at 3pm", "2020-01-29", "2020-01-29", "day"),
    ("19\u00a0December\u00a02019", "2019-12-19", "2019-12-19", "day"),
    # --- ACLED / European numeric, always day first
    ("29-01-2020", "2020-01-29", "2020-01-29", "day"),
    ("29/01/2020", "2020-01-29", "2020-01-29", "day"),
    ("02-03-2016", "2016-03-02", "2016-03-02", "day"),  # 2 March, not February 3
    ("2/3/2016", "2016-03-02", "2016-03-02", "day"),
    ("29.01.2020", "2020-01-29", "2020-01-29", "day"),
    ("29-02-2016", "2016-02-29", "2016-02-29", "day"),
    # --- seed-article relative dates (reference Wednesday 2020-01-29)
    ("Wednesday", "2020-01-29", "2020-01-29", "day"),  # on or before: that very day
    ("on Wednesday", "2020-01-29", "2020-01-29", "day"),
    ("Monday", "2020-01-27", "2020-01-27", "day"),
    ("on Monday", "2020-01-27", "2020-01-27", "day"),
    ("Thursday", "2020-01-23", "2020-01-23", "day"),  # the one before, never tomorrow
    ("Tues", "2020-01-28", "2020-01-28", "day"),
    ("last Wednesday", "2020-01-22", "2020-01-22", "day"),
    ("yesterday", "2020-01-28", "2020-01-28", "day"),
    ("today", "2020-01-29", "2020-01-29", "day"),
    ("the day before yesterday", "2020-01-27", "2020-01-27", "day"),
    ("since January 24", "2020-01-24", "2020-01-29", "day"),
    ("since December", "2019-12-01", "2020-01-29", "month"),
    ("since 2011", "2011-01-01", "2020-01-29", "year"),
    ("In 2011", "2011-01-01", "2011-12-31", "year"),
    ("in October", "2019-10-01", "2019-10-31", "month"),
    ("in January", "2020-01-01", "2020-01-31", "month"),  # the current month counts
    ("last January", "2019-01-01", "2019-01-31", "month"),  # ...but not after "last"
    ("last December", "2019-12-01", "2019-12-31", "month"),
    ("January 24", "2020-01-24", "2020-01-24", "day"),
    ("24 January", "2020-01-24", "2020-01-24", "day"),
    ("on the 24th of January", "2020-01-24", "2020-01-24", "day"),
    ("30 January", "2019-01-30", "2019-01-30", "day"),  # tomorrow's date -> last year's
    ("29 February", "2016-02-29", "2016-02-29", "day"),  # the latest leap day before
    ("from 2011", "2011-01-01", "2011-12-31", "year"),
    ("c. 1066", "1066-01-01", "1066-12-31", "year"),
    # --- dateparser path (whitelisted relative phrases)
    ("3 days ago", "2020-01-26", "2020-01-26", "day"),
    ("in 3 days", "2020-02-01", "2020-02-01", "day"),
    ("2 months ago", "2019-11-01", "2019-11-30", "month"),
    ("last month", "2019-12-01", "2019-12-31", "month"),
    ("last year", "2019-01-01", "2019-12-31", "year"),
    ("last week", "2020-01-20", "2020-01-26", "day"),  # Monday..Sunday
    ("next Monday", "2020-02-03", "2020-02-03", "day"),
    # --- ranges
    ("1914-1918", "1914-01-01", "1918-12-31", "year"),
    ("1914\u20131918", "1914-01-01", "1918-12-31", "year"),
    ("Dec 2019 \u2013 29 Jan 2020", "2019-12-01", "2020-01-29", "month"),
    ("from 2011 to 2012", "2011-01-01", "2012-12-31", "year"),
    ("between 19 December 2019 and January 2020", "2019-12-19", "2020-01-31", "day"),
    ("Monday to Wednesday", "2020-01-27", "2020-01-29", "day"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), PARSES)
def test_parse_date_table(text, start, end, precision):
    assert parse_date(text, REF) == DateSpan(start, end, precision)


def test_table_is_big_enough():
    assert len(PARSES) >= 50
    assert len(NOT_DATES) >= 15


NOT_DATES = [
    "hello",
    "",
    "   ",
    "2019-13-45",
    "2019-13",
    "2019-00-10",
    "32 January 2020",
    "29 February 2019",  # not a leap year
    "29 February 1900",  # century rule
    "29-02-2019",
    "tomorrow-ish nonsense",
    "banana 12",
    "12",  # a day? a month? a year? we do not guess
    "1",
    "a",
    "0000",
    "12345",
    "-0044",  # BCE refused for now
    "44 BC",
    "12/19/2019",  # month-first US form: refused, never silently swapped
    "Monday 29 January 2020",  # 29 January 2020 was a Wednesday
    "2019-12-19T25:00",
    "2019-12-19T14:61",
    "Decembre 2019",
    "19 Decembers 2019",
    "Jan 2020 banana",
    "3 days",  # dateparser alone would read this as "3 days ago"
    "today today",  # dateparser alone accepts this
    "January the of 3",  # dateparser alone reads this as 3 January
    "last year and",  # dateparser alone ignores the "and"
    "the 24th",
    "mid-December",
    "2020 to 2019",
    "since tomorrow",
    "2019/..",
    "December 32",
    "2020-W05",
    "\u0662\u0660\u0662\u0660",  # Arabic-Indic digits
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates_raise(text):
    with pytest.raises(DateError):
        parse_date(text, REF)


def test_date_error_message_is_short_and_human():
    with pytest.raises(DateError) as info:
        parse_date("foo", REF)
    assert str(info.value) == "not a date: 'foo'"
    with pytest.raises(DateError, match="February 2019 has 28 days"):
        parse_date("29 February 2019", REF)
    with pytest.raises(DateError, match="before year 1"):
        parse_date("-0044", REF)
    with pytest.raises(DateError, match="day first"):
        parse_date("12/19/2019", REF)
    with pytest.raises(DateError, match="is a Wednesday"):
        parse_date("Monday 29 January 2020", REF)
    assert issubclass(DateError, ValueError)


def test_non_string_input_is_a_date_error():
    with pytest.raises(DateError):
        parse_date(None, REF)  # type: ignore[arg-type]
    with pytest.raises(DateError):
        parse_date(2019, REF)  # type: ignore[arg-type]


def test_reference_defaults_to_today():
    today = datetime.date.today()
    assert parse_date("today") == DateSpan(today.isoformat(), today.isoformat(), "day")
    assert parse_date("since 2011").end == today.isoformat()


def test_reference_may_be_a_datetime():
    assert parse_date("Monday", datetime.datetime(2020, 1, 29, 23, 59)).start == "2020-01-27"


def test_weekday_is_on_or_before_reference_for_every_weekday():
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for offset in range(7):
        ref = REF + datetime.timedelta(days=offset)
        for n, name in enumerate(names):
            day = datetime.date.fromisoformat(parse_date(name, ref).start)
            assert day.weekday() == n
            assert 0 <= (ref - day).days <= 6


def test_month_name_depends_on_reference():
    assert parse_date("in October", datetime.date(2020, 10, 1)).start == "2020-10-01"
    assert parse_date("last October", datetime.date(2020, 10, 1)).start == "2019-10-01"
    assert parse_date("in October", datetime.date(2020, 9, 30)).start == "2019-10-01"


def test_results_are_cached_per_reference():
    a = parse_date("Wednesday", REF)
    b = parse_date("Wednesday", REF + datetime.timedelta(days=1))
    assert a.start == "2020-01-29" and b.start == "2020-01-29"
    c = parse_date("Wednesday", REF + datetime.timedelta(days=7))
    assert c.start == "2020-02-05"


def test_datespan_is_frozen():
    span = parse_date("2019", REF)
    with pytest.raises(AttributeError):
        span.start = "2020-01-01"  # type: ignore[misc]


# --- parse_range


def test_parse_range_start_of_first_end_of_second():
    assert parse_range("Dec 2019", "29 January 2020", REF) == DateSpan("2019-12-01", "2020-01-29", "month")
    assert parse_range("2011", "2012", REF) == DateSpan("2011-01-01", "2012-12-31", "year")
    assert parse_range("19 December 2019", "Wednesday", REF) == DateSpan("2019-12-19", "2020-01-29", "day")


def test_parse_range_without_end_is_the_start_span():
    assert parse_range("Dec 2019", None, REF) == DateSpan("2019-12-01", "2019-12-31", "month")
    assert parse_range("Dec 2019", "  ", REF) == DateSpan("2019-12-01", "2019-12-31", "month")


def test_parse_range_rejects_backwards_and_bad_ends():
    with pytest.raises(DateError):
        parse_range("2020", "2019", REF)
    with pytest.raises(DateError):
        parse_range("2019", "banana", REF)
    with pytest.raises(DateError):
        parse_range("banana", "2019", REF)


def test_parse_range_end_may_fall_inside_start_period():
    # "2019 until March 2019": ends before the start's year would have.
    assert parse_range("2019", "March 2019", REF) == DateSpan("2019-01-01", "2019-03-31", "year")


# --- record_date / bucket


@pytest.mark.parametrize(
    ("start", "precision", "record", "group"),
    [
        ("2019-12-19", "day", "2019-12-19", "2019-12"),
        ("2019-12-01", "month", "2019-12", "2019-12"),
        ("2011-01-01", "year", "2011", "2011"),
        ("0602-01-01", "year", "0602", "0602"),
        ("0602-06-01", "month", "0602-06", "0602-06"),
    ],
)
def test_record_date_and_bucket(start, precision, record, group):
    assert record_date(start, precision) == record
    assert bucket(start, precision) == group


def test_record_date_round_trips_through_parse_date():
    for text in ["2019-12-19", "Dec 2019", "602", "29-02-2016", "Wednesday", "since December"]:
        span = parse_date(text, REF)
        again = parse_date(record_date(span.start, span.precision), REF)
        assert again.start == span.start
        assert again.precision == span.precision


@pytest.mark.parametrize("bad", [("2019-13-01", "day"), ("2019-12", "month"), ("2019-12-01", "week"), ("", "day")])
def test_record_date_and_bucket_reject_bad_input(bad):
    with pytest.raises(DateError):
        record_date(*bad)
    with pytest.raises(DateError):
        bucket(*bad)


# --- format_short / format_long


@pytest.mark.parametrize(
    ("start", "end", "precision", "short"),
    [
        ("2012-01-01", "2012-12-31", "year", "2012"),
        ("2019-12-01", "2019-12-31", "month", "Dec 2019"),
        ("2020-01-29", "2020-01-29", "day", "29 Jan 2020"),
        ("2020-01-05", "2020-01-05", "day", "5 Jan 2020"),
        ("0602-01-01", "0602-12-31", "year", "602"),
        ("2019-12-01", "2020-01-29", "month", "Dec 2019 \u2192 29 Jan 2020"),
        ("2011-01-01", "2012-12-31", "year", "2011 \u2192 2012"),
        ("2011-01-01", "2012-06-30", "year", "2011 \u2192 Jun 2012"),
        ("2019-12-01", "2020-01-31", "month", "Dec 2019 \u2192 Jan 2020"),
        ("2020-01-28", "2020-01-29", "day", "28 Jan \u2192 29 Jan 2020"),
        ("2019-12-28", "2020-01-29", "day", "28 Dec 2019 \u2192 29 Jan 2020"),
        ("2020-01-01", "2020-01-31", "day", "1 Jan \u2192 31 Jan 2020"),  # a day start never rounds its end
        ("2019-12-01", "2019-12-15", "month", "Dec 2019 \u2192 15 Dec 2019"),
    ],
)
def test_format_short(start, end, precision, short):
    assert format_short(start, end, precision) == short


@pytest.mark.parametrize(
    ("start", "end", "precision", "long"),
    [
        ("2020-01-29", "2020-01-29", "day", "Wednesday 29 January 2020 (exact day)"),
        ("2019-12-01", "2019-12-31", "month", "December 2019 (month precision: 1\u201331 December 2019)"),
        ("2020-02-01", "2020-02-29", "month", "February 2020 (month precision: 1\u201329 February 2020)"),
        ("2019-12-01", "2020-01-29", "month", "December 2019 to Wednesday 29 January 2020 (a span)"),
        ("2011-01-01", "2011-12-31", "year", "2011 (year precision)"),
        ("2011-01-01", "2012-12-31", "year", "2011 to 2012 (a span)"),
        ("0602-01-01", "0602-12-31", "year", "602 (year precision)"),
    ],
)
def test_format_long(start, end, precision, long):
    assert format_long(start, end, precision) == long


def test_formats_of_parsed_seed_dates():
    span = parse_date("since December", REF)
    assert format_short(span.start, span.end, span.precision) == "Dec 2019 \u2192 29 Jan 2020"
    span = parse_date("Wednesday", REF)
    assert format_long(span.start, span.end, span.precision) == "Wednesday 29 January 2020 (exact day)"


@pytest.mark.parametrize("fmt", [format_short, format_long])
@pytest.mark.parametrize(
    "bad",
    [
        ("2019-12-32", "2019-12-32", "day"),
        ("2019-12-01", "2019-12-31", "decade"),
        ("2020-01-29", "2020-01-01", "day"),
        ("2019-12", "2019-12-31", "month"),
    ],
)
def test_formats_reject_bad_input(fmt, bad):
    with pytest.raises(DateError):
        fmt(*bad)


# --- properties

DAYS = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), DAYS)
def test_random_text_only_ever_raises_date_error(text, ref):
    try:
        span = parse_date(text, ref)
    except DateError:
        return
    start, end = datetime.date.fromisoformat(span.start), datetime.date.fromisoformat(span.end)
    assert start <= end
    assert span.precision in ("day", "month", "year")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -/.,:~?TZadegijlmnorstuvwyADJMNOS", max_size=25), DAYS)
def test_date_like_text_only_ever_raises_date_error(text, ref):
    with contextlib.suppress(DateError):
        parse_date(text, ref)


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=datetime.date(100, 1, 1), max_value=datetime.date(9999, 12, 31)))
def test_every_real_day_parses_in_every_written_form(day):
    expected = DateSpan(day.isoformat(), day.isoformat(), "day")
    name = MONTHS[day.month - 1]
    forms = [
        day.isoformat(),
        f"{day.day} {name} {day.year}",
        f"{name} {day.day}, {day.year}",
        f"{day.day} {name[:3]} {day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
        f"{day.day:02d}/{day.month:02d}/{day.year:04d}",
        f"{day.year:04d}{day.month:02d}{day.day:02d}",
    ]
    for form in forms:
        assert parse_date(form, REF) == expected, form
    assert format_short(day.isoformat(), day.isoformat(), "day") == f"{day.day} {name[:3]} {day.year}"


@settings(max_examples=200, deadline=None)
@given(DAYS, DAYS)
def test_format_short_never_fails_on_ordered_spans(a, b):
    start, end = min(a, b), max(a, b)
    for precision in ("day", "month", "year"):
        out = format_short(start.isoformat(), end.isoformat(), precision)
        assert ("\u2192" in out) == (end != _implied_end(start, precision))


def _implied_end(d: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return datetime.date(d.year, 12, 31)
    if precision == "month":
        return datetime.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return d


def test_edtf_marks_are_kept_with_the_event_and_said_with_its_date(tmp_path):
    """'2019-12~' is December 2019, approximate; '?' uncertain; '%' (or both marks) both: kept in `extra`
    and said after the date in words, so the mark a source put on a date is never lost."""
    from frontline.store.load import load_files
    from frontline.store.query import Timeline

    csv_file = tmp_path / "edtf.csv"
    csv_file.write_text(
        "date,end_date,title\n2019-12~,,A\n2019-12?,,B\n2016,2019-12~,C\n2019%,,D\n2019-12-05,,E\n2019-12~,2020-01?,F\n"
    )
    db = tmp_path / "edtf.db"
    load_files(db, [csv_file])
    events = {e.title: e for e in Timeline(db).rows(0, 10)}
    said = {title: e.extra.get("date_qualifier") for title, e in events.items()}
    assert said == {"A": "approximate", "B": "uncertain", "C": "approximate", "D": "approximate and uncertain",
                    "E": None, "F": "approximate and uncertain"}  # fmt: skip
    a = events["A"]
    assert (a.date_start, a.date_end, a.precision) == ("2019-12-01", "2019-12-31", "month")
    assert events["A"].date_long.endswith("(month precision: 1–31 December 2019), approximate")
    assert events["E"].date_long == "Thursday 5 December 2019 (exact day)"


def test_iso_dates_without_leading_zeros_and_edtf_open_intervals():
    """'2020-1-5' (a spreadsheet's ISO without zeros) is 5 January 2020; EDTF's open intervals
    ('../2020-01-28', '2020-01-28/..') have a bound the store cannot hold: refused, saying how to write it."""
    assert parse_date("2020-1-5") == parse_date("2020-01-05")
    assert parse_date("2019-1").precision == "month" and parse_date("2019-1").end == "2019-01-31"
    with pytest.raises(DateError, match=r"an open start \(\.\.\) has no earliest day"):
        parse_date("../2020-01-28")
    with pytest.raises(DateError, match=r"an open end \(\.\.\) has no latest day"):
        parse_date("2020-01-28/..")
