"""Files as others publish them (issue 11): ACLED saved by Excel, R and pandas, monadic exports,
files cut short, `;` and tab delimiters, trailing commas, one long text column, UCDP GED's real columns.

The files in tests/data are shaped like the real ones (BOMs, CRLF, quoting, `NA`, a pandas index);
the events in them are invented.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontline.store.formats import detect
from frontline.store.formats.acled import sheet_day
from frontline.store.headline import headline_of
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError

DATA = Path(__file__).parent / "data"
SAA, CIV, RUS, HTS = ("Military Forces of Syria (2000-)", "Civilians (Syria)", "Military Forces of Russia (2000-)",
                      "Hayat Tahrir al Sham")  # fmt: skip
NLF, TUR = "NLF: National Liberation Front", "Military Forces of Turkey (2016-)"
MISSING_WORDS = {"NA", "nan", "NaN", "N/A"}


def snapshot(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM events ORDER BY id").fetchall()


def test_the_test_files_are_shaped_like_the_real_ones():
    excel = (DATA / "acled-excel-monadic.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b"\r\n" in excel and excel.count(b"\n") == excel.count(b"\r\n")
    assert b',"On 12 May 2020, HTS and NLF' in excel and b'""field sources""' in excel and b",NA," in excel
    pandas = (DATA / "acled-pandas-index.csv").read_text(encoding="utf-8")
    assert pandas.startswith(",event_id_cnty,event_date,year,") and "\n0,SYR91001," in pandas and ",nan," in pandas
    assert (DATA / "ucdp-ged-full.csv").read_text(encoding="utf-8").split("\n")[0].count(",") == 48


# ---- ACLED ---------------------------------------------------------------------------------------------------


def test_a_monadic_excel_export_merges_each_events_rows(db_path):
    result = load_files(db_path, [DATA / "acled-excel-monadic.csv"])
    assert result.new == 7
    assert "12 rows → 7 events; 5 rows were the same events' other actors" in result.line()
    tl = Timeline(db_path)
    assert tl.count() == 7
    strike = tl.event_by_id("SYR90001")
    assert strike.actors == [RUS, CIV]  # the perpetrator is not lost to the victims' row
    assert strike.extra["actor1"] == RUS and strike.extra["inter1"] == "8"  # the first row's actor columns
    clash = tl.event_by_id("SYR90003")
    assert sorted(clash.actors) == sorted([HTS, SAA, NLF])
    assert tl.event_by_id("SYR90005").actors == [SAA, RUS, CIV]  # assoc_actor_1 too


@pytest.mark.parametrize(
    "ident, day", [("SYR90001", "2020-05-09"), ("SYR90004", "2024-08-05"), ("SYR90005", "2019-12-31")]
)
def test_spreadsheet_dates_take_their_century_from_the_year_column(db_path, ident, day):
    load_files(db_path, [DATA / "acled-excel-monadic.csv"])
    event = Timeline(db_path).event_by_id(ident)
    assert (event.date_start, event.date_end, event.precision) == (day, day, "day")


def test_two_digit_years_without_a_year_column_fall_in_acleds_span():
    assert sheet_day("9-May-20", None) == "2020-05-09"
    assert sheet_day("31-12-98", None) == "1998-12-31"
    assert sheet_day("2020-05-09", "2020") is None  # not a spreadsheet form: read as before


def test_na_and_nan_are_missing_values_never_names(db_path):
    load_files(db_path, [DATA / "acled-excel-monadic.csv"])
    load_files(db_path, [DATA / "acled-pandas-index.csv"])
    tl = Timeline(db_path)
    for event in tl.rows(0, 100):
        assert not MISSING_WORDS & set(event.actors), event.id
        assert not MISSING_WORDS & set(map(str, event.extra.values())), event.id
        assert event.place not in MISSING_WORDS
    assert tl.event_by_id("SYR90002").actors == [SAA]
    assert tl.event_by_id("SYR90006").fatalities is None  # "NA", not an error and not zero
    vague = tl.event_by_id("SYR91003")
    # "nan" is no coordinate: the point shown is the gazetteer's Ariha (learnt from a row that gave one)
    from frontline.store.place_decisions import list_places

    known = next(p for p in list_places(db_path) if p.name == vague.place_id)
    assert vague.place == "Ariha" and (vague.lat, vague.lon) == (known.lat, known.lon)
    assert not any(isinstance(v, float) and v != v for v in (vague.lat, vague.lon))


def test_a_row_without_an_id_gets_a_stable_one(tmp_path, db_path):
    load_files(db_path, [DATA / "acled-excel-monadic.csv"])
    ids = {e.id for e in Timeline(db_path).rows(0, 100)}
    made = [i for i in ids if not i.startswith("SYR")]
    assert len(made) == 1 and made[0].startswith("g")  # made from the row and its dataset
    other = tmp_path / "other.db"
    load_files(other, [DATA / "acled-excel-monadic.csv"])
    assert {e.id for e in Timeline(other).rows(0, 100)} == ids
    assert load_files(db_path, [DATA / "acled-excel-monadic.csv"]).unchanged == 7


def test_rows_of_one_id_that_differ_besides_their_actors_are_refused(tmp_path, db_path):
    lines = (DATA / "acled-excel-monadic.csv").read_bytes().split(b"\r\n")
    assert lines[1].startswith(b"SYR90001,") and lines[2].startswith(b"SYR90001,")
    lines[2] = lines[2].replace(b",2,NA,1589900000", b",3,NA,1589900000")  # fatalities differ
    path = tmp_path / "acled.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == (
        f"{path}:3: fatalities: 'SYR90001' is already used on line 2, which differs in fatalities: "
        "rows of one event may differ only in their actors"
    )
    assert not db_path.exists()


def test_a_pandas_export_drops_its_index_and_says_so(db_path):
    assert detect(DATA / "acled-pandas-index.csv") == "acled"
    result = load_files(db_path, [DATA / "acled-pandas-index.csv"])
    assert result.new == 3
    assert "dropped the first column, a pandas index (0, 1, 2, …)" in result.line()
    event = Timeline(db_path).event_by_id("SYR91001")
    assert event.date_start == "2019-12-31" and "" not in event.extra  # 31-12-19, and no index in extra
    assert Timeline(db_path).event_by_id("SYR91002").date_start == "2020-01-02"


def test_an_unnamed_first_column_that_is_not_an_index_is_refused(tmp_path, db_path):
    path = tmp_path / "events.csv"
    path.write_text(",date,title\n0,2020-01-01,A\nx,2020-01-02,B\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value).startswith(f"{path}:3: column 1: expected a pandas index")


def test_a_last_row_cut_short_inside_quotes_is_an_error_naming_its_line(db_path):
    path = DATA / "acled-cut-short.csv"
    assert not path.read_bytes().endswith(b"\n")
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [path])
    assert str(caught.value) == (
        f"{path}:5: notes: the last row is cut short: a quoted field never closes before the end of the file"
    )
    assert not db_path.exists()


def test_a_whole_last_row_with_a_quoted_line_break_still_loads(tmp_path, db_path):
    path = tmp_path / "events.csv"
    path.write_text('date,title,summary\n2020-01-01,A,"two\nlines"\n2020-01-02,B,"also ""quoted"""', encoding="utf-8")
    assert load_files(db_path, [path]).new == 2


# ---- CSV in general ------------------------------------------------------------------------------------------


def test_semicolons_and_decimal_commas(db_path):
    path = DATA / "events-semicolon.csv"
    assert detect(path) == "csv"
    assert load_files(db_path, [path]).new == 3
    events = {e.title: e for e in Timeline(db_path).rows(0, 10)}
    siege = events["Siege of Saraqib; Turkish posts encircled"]
    assert (siege.lat, siege.lon, siege.fatalities) == (35.8624, 36.8006, 12)
    assert events["Regime forces enter Maarat al-Numan"].fatalities is None  # NA


def test_a_tsv_file(db_path):
    path = DATA / "events-tab.tsv"
    assert detect(path) == "csv"
    assert load_files(db_path, [path]).new == 3
    events = {e.title: e for e in Timeline(db_path).rows(0, 10)}
    assert events["Maarat al-Numan falls"].actors == [SAA]  # "…; NA": the NA is no actor
    balyun = events["Air strike on Balyun kills Turkish soldiers"]
    assert (balyun.actors, balyun.sources) == ([], [])


def test_a_trailing_comma_on_every_row(db_path):
    assert load_files(db_path, [DATA / "events-trailing-comma.csv"]).new == 3
    events = {e.title: e for e in Timeline(db_path).rows(0, 10)}
    assert events["Saraqib encircled"].fatalities == 0
    assert events["Ceasefire, agreed in Moscow"].place == "Moscow"


def test_a_surplus_field_that_holds_something_is_still_an_error(tmp_path, db_path):
    path = tmp_path / "events.csv"
    path.write_text("date,title\n2020-01-01,A,\n2020-01-02,B,oops\n", encoding="utf-8")
    with pytest.raises(
        LoadError, match=r"events.csv:3: column 3: 3 fields where the header has 2: a value past the last column$"
    ):
        load_files(db_path, [path])


def test_one_long_text_column_is_the_summary_and_its_first_clause_the_title(db_path):
    path = DATA / "timeline-long-text.csv"
    paragraphs = [line.split(",", 1)[1].strip('"') for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert all(300 <= len(p) <= 500 for p in paragraphs)
    assert load_files(db_path, [path]).new == 4
    events = Timeline(db_path).rows(0, 10)
    for event in events:
        assert event.summary in paragraphs
        assert len(event.title) <= 80
        stem = event.title.removesuffix("…")
        assert event.summary.startswith(stem)
        assert event.summary[len(stem)] in " ,;:."  # cut at a word, never inside one
    titles = {e.date_start: e.title for e in events}
    assert titles["2020-02-27"] == "An air strike near Balyun kills dozens of Turkish soldiers in a single night"


def test_a_date_and_a_description_without_a_title_is_an_event(db_path):
    assert load_files(db_path, [DATA / "events-description-only.csv"]).new == 3
    events = {e.date_start: e for e in Timeline(db_path).rows(0, 10)}
    assert events["2020-01-28"].title == "Maarat al-Numan is taken by government forces after weeks of shelling."
    assert events["2020-03-05"].place is None


@pytest.mark.parametrize(
    "text, title",
    [
        ("Short enough.", "Short enough."),
        (
            "Gen. Smith arrives in Idlib on Monday to inspect the lines. Then a long second sentence follows, "
            "which has nothing to do with the title at all and goes on.",
            "Gen. Smith arrives in Idlib on Monday to inspect the lines",
        ),
        ("word " * 40, ("word " * 16).strip() + "…"),
    ],
)
def test_headline_of(text, title):
    assert headline_of(text) == title
    assert len(headline_of(text)) <= 80


def test_a_title_under_a_summary_column_is_never_split(tmp_path, db_path):
    long = "A title that someone chose to make long, " * 3
    path = tmp_path / "events.csv"
    path.write_text(f'date,title,summary\n2020-01-01,"{long.strip()}",\n', encoding="utf-8")
    load_files(db_path, [path])
    assert Timeline(db_path).event(0).title == long.strip()  # a round trip stays lossless


# ---- UCDP GED ------------------------------------------------------------------------------------------------


def test_ged_place_is_the_point_and_adm_2_is_kept(db_path):
    path = DATA / "ucdp-ged-full.csv"
    assert detect(path) == "ucdp"
    assert load_files(db_path, [path]).new == 4
    event = Timeline(db_path).event_by_id("ucdp-334501")
    assert (event.place, event.admin1) == ("Maarat al-Numan town", "Idlib governorate")
    assert event.extra["adm_2"] == "Maarat al-Numan district"
    assert event.extra["where_description"] == "Maarat al-Numan, on the M5 highway south of Idlib city"
    assert event.title == "State-based: Government of Syria - Syrian insurgents, Maarat al-Numan town"


def test_ged_articles_are_sources_with_outlet_date_and_headline(db_path):
    load_files(db_path, [DATA / "ucdp-ged-full.csv"])
    tl = Timeline(db_path)
    event = tl.event_by_id("ucdp-334501")
    assert event.sources == [
        {"name": "Agence France Presse", "url": None, "date": "2020-01-28",
         "headline": "Syrie: le regime reprend Maaret al-Nooman"},
        {"name": "Reuters News", "url": None, "date": "2020-01-28",
         "headline": "Syrian army takes Maarat al-Numan, a rebel bastion"},
        {"name": "Syrian Observatory for Human Rights", "url": None, "date": "2020-01-29",
         "headline": "Fighting continues west of Maarat al-Numan"},
    ]  # fmt: skip
    assert "source_headline" not in event.extra  # the same headlines, now in the sources
    ariha = tl.event_by_id("ucdp-334502")  # a headline holding a ";" stays one article
    assert [s["headline"] for s in ariha.sources] == [
        "Air strikes kill civilians in Ariha; shelling on Saraqib",
        "Eight civilians killed in Ariha",
    ]
    assert tl.event_by_id("ucdp-334504").sources == []


def test_ged_articles_each_in_quotes_are_read_without_them(tmp_path, db_path):
    """GED may write each article quoted ('"Outlet,YYYY-MM-DD,Headline";"…"'): the quotes are not part of
    the outlet or the headline, and a ';' inside a quoted headline stays in it."""
    import csv

    with open(DATA / "ucdp-ged-full.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("source_article")
    plain = {row[0]: row[column] for row in rows[1:]}
    for row in rows[1:]:
        row[column] = ";".join(f'"{article}"' for article in _articles(row[column]))
    assert rows[1][column].startswith('"Agence France Presse,2020-01-28,')
    quoted = tmp_path / "ged-quoted.csv"
    with open(quoted, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    load_files(db_path, [quoted])
    other = tmp_path / "plain.db"
    load_files(other, [DATA / "ucdp-ged-full.csv"])
    for ident in plain:
        assert (
            Timeline(db_path).event_by_id(f"ucdp-{ident}").sources
            == Timeline(other).event_by_id(f"ucdp-{ident}").sources
        ), ident
    ariha = Timeline(db_path).event_by_id("ucdp-334502")
    assert ariha.sources[0]["headline"] == "Air strikes kill civilians in Ariha; shelling on Saraqib"


def _articles(value: str) -> list[str]:
    """The articles of an unquoted source_article, a headline's own ';' kept with it (as the reader does)."""
    import re

    return [part for part in re.split(r";(?=[^;,]+,[0-9]{4}-[0-9]{2}-[0-9]{2},)", value) if part]


def test_ged_sources_survive_a_json_lines_round_trip(tmp_path, db_path):
    from frontline.store.export import export

    load_files(db_path, [DATA / "ucdp-ged-full.csv"])
    out = tmp_path / "ged.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        export(db_path, "jsonl", handle)
    again = tmp_path / "again.db"
    load_files(again, [out])
    assert snapshot(again) == snapshot(db_path)


def test_the_load_line_counts_a_large_monadic_export(tmp_path, db_path):
    """4,006 events, 1,652 of them given twice (actor1 and actor2 swapped): the numbers of the real file."""
    import csv

    source = (DATA / "acled-excel-monadic.csv").read_text(encoding="utf-8-sig").splitlines()
    header, template = next(csv.reader([source[0]])), next(csv.reader([source[1]]))
    at = {name: index for index, name in enumerate(header)}
    path = tmp_path / "acled-monadic.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for n in range(4006):
            row = list(template)
            row[at["event_id_cnty"]] = f"SYR{n:05d}"
            row[at["notes"]] = f"Event {n}, invented."
            writer.writerow(row)
            if n < 1652:
                row[at["actor1"]], row[at["actor2"]] = row[at["actor2"]], row[at["actor1"]]
                row[at["inter1"]], row[at["inter2"]] = row[at["inter2"]], row[at["inter1"]]
                writer.writerow(row)
    result = load_files(db_path, [path])
    assert result.new == 4006
    assert "5,658 rows → 4,006 events; 1,652 rows were the same events' other actors" in result.line()
    assert Timeline(db_path).event_by_id("SYR00007").actors == [RUS, CIV]
    assert Timeline(db_path).event_by_id("SYR04005").actors == [RUS, CIV]
