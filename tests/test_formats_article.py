"""News articles: dated sentences become events, dated from the publication day, captions read once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.store.formats import detect
from frontline.store.load import load_files
from frontline.store.query import Timeline
from frontline.store.readers import LoadError
from frontline.tui.cli import main

SEED = Path(__file__).parents[2] / "shared" / "seed" / "article-2020-01-29-maaret-al-numan.txt"
DATA = Path(__file__).parent / "data"
PUBLISHED = dt.date(2020, 1, 29)


def by_sentence(db: Path) -> dict[str, tuple[str, str, str]]:
    tl = Timeline(db)
    return {e.summary: (e.date_start, e.date_end, e.precision) for e in tl.rows(0, tl.count())}


def dated(spans: dict[str, tuple[str, str, str]], words: str) -> tuple[str, str, str]:
    found = [span for sentence, span in spans.items() if words in sentence]
    assert len(found) == 1, f"{words!r} is in {len(found)} events"
    return found[0]


@pytest.fixture
def seed_db(db_path: Path) -> Path:
    load_files(db_path, [SEED], published=PUBLISHED, dataset="AFP")
    return db_path


def test_detected_by_extension():
    assert detect(SEED) == detect(DATA / "article-hard-wrapped.md") == "article"


@pytest.mark.parametrize(
    "words, span",
    [
        ("recaptured a strategic northwestern highway town", ("2020-01-29", "2020-01-29", "day")),
        ("Erdogan accused Moscow on Wednesday", ("2020-01-29", "2020-01-29", "day")),
        ("In 2011, Maaret al-Numan was one of the first towns", ("2011-01-01", "2011-12-31", "year")),
        ("The following year, it was captured by rebels", ("2012-01-01", "2012-12-31", "year")),
        ("since a 2016 rapprochement", ("2016-01-01", "2016-12-31", "year")),
        ("met in October in Geneva", ("2019-10-01", "2019-10-31", "month")),
        ("388,000 civilians since December", ("2019-12-01", "2020-01-29", "month")),
        ("southern Idlib since January 24", ("2020-01-24", "2020-01-29", "day")),
        ("have moved in the last two days", ("2020-01-28", "2020-01-29", "day")),
        ("on the Idlib region this year", ("2020-01-01", "2020-12-31", "year")),
        ("protests in 2011", ("2011-01-01", "2011-12-31", "year")),
    ],
)
def test_seed_article_dates(seed_db, words, span):
    assert dated(by_sentence(seed_db), words) == span


def test_seed_article_undated_sentences_and_captions(seed_db):
    spans = by_sentence(seed_db)
    assert len(spans) == 20
    summaries = " ".join(spans)
    for undated in ("It added that regime forces", "Our forces managed in the past few days", "in recent weeks",
                    "almost nine years of war", "Syrian troops pass through"):  # fmt: skip
        assert undated not in summaries
    maps = [s for s in spans if s.startswith("Map locating Maaret al-Numan")]
    assert maps == ["Map locating Maaret al-Numan, recaptured by Syrian government forces, the army said on Wednesday."]


def test_seed_article_titles_sources_ids(seed_db, db_path):
    tl = Timeline(seed_db)
    events = tl.rows(0, tl.count())
    assert all(len(e.title) <= 80 for e in events)
    assert {e.dataset for e in events} == {"AFP"}
    assert all(e.sources == [{"name": "AFP, 29 January 2020", "url": None}] for e in events)
    assert all(e.id.startswith("art-") for e in events)
    titles = {e.title for e in events}
    assert "UN envoy Geir Pedersen visited the foreign ministry in Damascus, where he met…" in titles
    assert "It was captured by rebels fighting against President Bashar al-Assad's rule" in titles
    again = load_files(db_path, [SEED], published=PUBLISHED, dataset="AFP")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 20)


def test_an_article_without_a_publication_date_is_refused(db_path):
    with pytest.raises(LoadError) as caught:
        load_files(db_path, [SEED])
    assert str(caught.value).startswith(f"{SEED}: no publication date:")
    assert not db_path.exists()


def test_date_line_url_and_hard_wrapped_paragraphs(db_path):
    path = DATA / "article-hard-wrapped.md"
    load_files(db_path, [path])
    tl = Timeline(db_path)
    events = tl.rows(0, tl.count())
    spans = {e.summary: (e.date_start, e.date_end, e.precision) for e in events}
    assert dated(spans, "reached the besieged town of Gamma on Sunday,\u0020the first") == (
        "2020-02-02",
        "2020-02-02",
        "day",
    )
    assert dated(spans, "cut the only road in March 2019") == ("2019-03-01", "2019-03-31", "month")
    assert dated(spans, "The following month, the last bakery closed") == ("2019-04-01", "2019-04-30", "month")
    assert dated(spans, "in the past three days") == ("2020-02-01", "2020-02-03", "day")
    assert dated(spans, "Dr. A. Example, said the U.N. had been asked for help last week") == (
        "2020-01-27",
        "2020-02-02",
        "day",
    )
    assert len(events) == 5  # the future talks, the caption and "in recent weeks" date nothing
    assert events[0].sources == [
        {"name": "article-hard-wrapped, 3 February 2020", "url": "https://example.org/news/aid-convoy-gamma"}
    ]


def test_published_overrides_the_date_line(db_path):
    load_files(db_path, [DATA / "article-hard-wrapped.md"], published=dt.date(2020, 2, 10))
    spans = by_sentence(db_path)
    assert dated(spans, "on Sunday") == ("2020-02-09", "2020-02-09", "day")


def test_relative_words_and_repeated_paragraphs(db_path):
    load_files(db_path, [DATA / "article-plain.txt"], published=dt.date(2020, 2, 5))
    spans = by_sentence(db_path)
    assert spans == {
        "Relief agencies said on Monday that shelling had hit two schools in Delta.": (
            "2020-02-03",
            "2020-02-03",
            "day",
        ),
        '"We counted 14 dead yesterday," said a nurse at the Delta clinic.': ("2020-02-04", "2020-02-04", "day"),
        "Delta was first shelled last December.": ("2019-12-01", "2019-12-31", "month"),
        "In 1998, the town had been hit by an earthquake.": ("1998-01-01", "1998-12-31", "year"),
        "The previous year, its market had burned down.": ("1997-01-01", "1997-12-31", "year"),
    }


def test_an_article_with_no_dated_sentence_is_refused(tmp_path, db_path):
    path = tmp_path / "note.txt"
    path.write_text("The clinic has no fuel.\n\nNobody knows when the road will open.\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"note\.txt: no events: no sentence of the article carries a date"):
        load_files(db_path, [path], published=PUBLISHED)


def test_dry_run_shows_the_candidates_and_writes_nothing(db_path):
    result = CliRunner().invoke(
        main, ["load", str(SEED), "--db", str(db_path), "--published", "2020-01-29", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "What would load" in result.output and "would load 20 events: 20 new" in result.output
    assert "Map locating" in result.output
    assert not db_path.exists()


def test_a_headline_without_a_full_stop_is_not_glued_to_the_first_sentence(tmp_path, db_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Syrian troops retake Maarat al-Numan\n"
        "Syrian government forces on Wednesday recaptured the town, the army said.\n"
    )
    load_files(db_path, [story], published=dt.date(2020, 1, 29))
    (event,) = Timeline(db_path).rows(0, 10)
    assert event.summary == "Syrian government forces on Wednesday recaptured the town, the army said."
    assert event.date_start == "2020-01-29"


def test_a_wire_storys_dateline_dates_it_and_its_weekdays_to_come_are_ahead(db_path):
    """'BEIRUT, Feb 5, 2020 (AFP) -' is the publication day and not part of the first sentence; 'will speak
    ... on Friday' and 'scheduled for Saturday' are the coming ones, 'since Monday' the last; 'two weeks
    ago' is the week it names."""
    load_files(db_path, [DATA / "article-wire-dateline.txt"], dataset="wire")
    spans = by_sentence(db_path)
    first = dated(spans, "seized the town of Saraqib")
    assert first == ("2020-02-05", "2020-02-05", "day")  # Wednesday, 5 February: the day of the dateline
    assert not any("BEIRUT" in sentence or "(AFP)" in sentence for sentence in spans)
    assert dated(spans, "since Monday")[:2] == ("2020-02-03", "2020-02-05")
    assert dated(spans, "will speak")[:2] == ("2020-02-07", "2020-02-07")
    assert dated(spans, "scheduled for Saturday")[:2] == ("2020-02-08", "2020-02-08")
    start, end, _ = dated(spans, "two weeks ago")
    assert start <= "2020-01-22" <= end and end < "2020-02-05"
    event = next(e for e in Timeline(db_path).rows(0, 10) if "Saraqib" in e.title and "seized" in e.summary)
    assert event.title.startswith("Syrian government forces")
    assert event.sources[0]["name"] == "wire, 5 February 2020"


def test_a_dateline_needs_a_date_or_an_agency_and_a_story_without_a_year_needs_published(tmp_path, db_path):
    story = tmp_path / "reuters.txt"
    story.write_text("US - Russia talks stall\n\nBEIRUT, Feb 5 (Reuters) - Shelling hit Ariha on Tuesday.\n")
    with pytest.raises(LoadError, match="no publication date"):
        load_files(db_path, [story])  # no year in the dateline: the day cannot be known
    load_files(db_path, [story], published=dt.date(2020, 2, 5))
    events = Timeline(db_path).rows(0, 10)
    assert [(e.date_start, e.summary) for e in events] == [("2020-02-04", "Shelling hit Ariha on Tuesday.")]


def test_a_live_blogs_entries_are_events_dated_by_their_stamps(db_path):
    """Entries ending with a full date (on their own line, or after the last sentence): one event each,
    dated by the date it names counted from its stamp, else by the stamp, to the minute; the first entry's
    stamp is not the article's date line, and no stamp is an event of its own."""
    load_files(db_path, [DATA / "article-liveblog.txt"], dataset="live")
    events = {e.summary.split()[0]: e for e in Timeline(db_path).rows(0, 10)}
    assert set(events) == {"Government", "Turkish", "Residents", "Update"}
    entered = events["Government"]
    assert entered.summary.endswith("The town had been emptied days before.")  # the whole entry
    assert (entered.date_start, entered.precision, entered.time_start) == ("2020-02-05", "time", "14:32Z")
    assert entered.title == "Government forces entered Saraqib after heavy shelling, activists said"
    crossed = events["Turkish"]  # 'on Tuesday night', posted on Wednesday 5 February
    assert (crossed.date_start, crossed.precision) == ("2020-02-04", "day")
    assert events["Residents"].date_start == "2020-02-03" and events["Residents"].time_start == "18:00Z"
    overnight = events["Update"]
    assert (overnight.date_start, overnight.precision) == ("2020-02-06", "day")
    assert "6 February 2020" not in overnight.summary
    assert entered.sources[0]["name"] == "live, 5 February 2020"
    assert events["Residents"].sources[0]["name"] == "live, 3 February 2020"


def test_a_date_alone_after_one_paragraph_of_an_article_is_no_event(tmp_path, db_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nPublished 5 February 2020\n\nStrikes hit Ariha on Monday.\n\n5 February 2020\n")
    load_files(db_path, [article])
    assert [e.summary for e in Timeline(db_path).rows(0, 10)] == ["Strikes hit Ariha on Monday."]
