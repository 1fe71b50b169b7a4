"""Export what is in view: the query and its options choose the events, the eras in range come along,
and the briefing (Markdown and HTML) says what it is. `list` and `search` speak CSV and TSV and exit
1 when nothing matches."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from frontline.store.builtin import EVENTS_FILE
from frontline.store.load import load_records
from frontline.store.query import Timeline
from frontline.tui.cli import main

BUILTIN = [json.loads(line) for line in EVENTS_FILE.read_text(encoding="utf-8").splitlines() if line]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def ids(jsonl: str) -> list[str]:
    return [json.loads(line)["id"] for line in jsonl.splitlines() if line]


def test_export_takes_the_query_and_its_options(builtin_db):
    db = ["--db", str(builtin_db)]
    code, out, _ = run("export", *db, "--format", "jsonl", "--from", "2019-12", "--to", "January 2020")
    winter = [r["id"] for r in BUILTIN if r["date"] <= "2020-01-31" and (r["end_date"] or r["date"]) >= "2019-12"]
    assert code == 0 and sorted(ids(out)) == sorted(winter) and 0 < len(winter) < len(BUILTIN)
    code, out, _ = run("export", *db, "--format", "jsonl", "--filter", "category:airstrike", "killed>=5")
    expected = [r["id"] for r in BUILTIN
                if r["category"] == "airstrike" and (r["fatalities"] or 0) >= 5 and not r["running_total"]]  # fmt: skip
    assert code == 0 and sorted(ids(out)) == sorted(expected) and expected
    code, out, _ = run("export", *db, "--format", "jsonl", "--search", "Saraqeb", "--dataset", "maarat-al-numan")
    assert code == 0 and ids(out) and all("saraq" in line.lower() for line in out.splitlines())
    Timeline(builtin_db).toggle_mark(BUILTIN[5]["id"])
    code, out, _ = run("export", *db, "--format", "jsonl", "--marked")
    assert ids(out) == [BUILTIN[5]["id"]]
    code, out, err = run("export", *db, "--format", "jsonl", "Idlib foo:x")
    assert (
        code == 2
        and "no field 'foo'" in err
        and err.splitlines()[0].endswith(" at column 7")
        and err.splitlines()[-1].endswith("      ^")
    )


def test_eras_within_the_range_are_kept(builtin_db):
    code, out, _ = run(
        "export", "--db", str(builtin_db), "--format", "timelinejs", "--from", "2019-12", "--to", "2020-01"
    )
    eras = json.loads(out)["eras"]
    every = [json.loads(line) for line in (EVENTS_FILE.parent / "eras.jsonl").read_text().splitlines() if line]
    within = [e for e in every if e["date"][:7] <= "2020-01" and e["end_date"] >= "2019-12-01"]
    assert code == 0 and len(eras) == len(within) and 0 < len(within) < len(every)


def test_markdown_briefing_reads_well(builtin_db):
    code, out, _ = run("export", "--db", str(builtin_db), "--format", "markdown", "--title", "Idlib *winter*",
                       "--from", "2019-12", "--to", "2020-01", "category:airstrike OR category:displacement")  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Idlib \\*winter\\*"
    assert "**Range:** 1 December 2019 to 31 January 2020  " in lines
    assert any(
        line.startswith("**Query:** `") and "category:airstrike OR category:displacement" in line for line in lines
    )
    chosen = [r for r in BUILTIN if r["category"] in ("airstrike", "displacement")
              and r["date"] <= "2020-01-31" and (r["end_date"] or r["date"]) >= "2019-12"]  # fmt: skip
    killed = sum(r["fatalities"] or 0 for r in chosen if not r["running_total"])
    displaced = sum(r["displaced"] or 0 for r in chosen if not r["running_total"])
    summary = f"{len(chosen)} events; {killed:,} killed and {displaced:,} displaced in the events' own figures."
    assert summary in lines
    totals = [r for r in chosen if r["running_total"]]
    assert totals and "Running totals (tallies reported at the time; not added to the sums above):" in lines
    assert [line for line in lines if line.startswith("## ")] == ["## Summary", "## December 2019", "## January 2020"]
    eras = [json.loads(line) for line in (EVENTS_FILE.parent / "eras.jsonl").read_text().splitlines() if line]
    within = [e for e in eras if e["date"][:7] <= "2020-01" and e["end_date"] >= "2019-12-01"]
    assert within and all(any(line.startswith(f"- {e['title']}: ") for line in lines) for e in within)
    with_note = next(r for r in chosen if r["notes"] and len(r["sources"]) > 1 and r["place"])
    entry = out.split(f": {with_note['title']}\n")[1].split("\n### ")[0]
    assert f"**Place:** {with_note['place']}" in entry and "> **Note:** " in entry
    for source in with_note["sources"]:
        assert (f"- [{source['name']}](<{source['url']}>)" if source["url"] else f"- {source['name']}") in entry


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def test_html_briefing_is_standalone_escaped_and_printable(db_path):
    load_records(db_path, [
        {"id": "x", "date": "2020-01-29", "title": "<script>alert(1)</script> & co", "place": "<b>Town</b>",
         "summary": "Line\nbreak", "notes": "Sources disagree <img src=x onerror=alert(1)>",
         "sources": [{"name": "A \"quoted\" <source>", "url": "https://example.org/?a=1&b=<2>"},
                     {"name": "Bad", "url": "javascript:alert(1)"}], "dataset": "t"},
    ])  # fmt: skip
    code, out, _ = run("export", "--db", str(db_path), "--format", "html", "--title", "<Title>")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    page = Page()
    page.feed(out)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags  # nothing runs, nothing fetched
    assert "@media print" in out and "break-inside: avoid" in out
    assert (
        "<script>alert(1)</script> & co" in page.text and "Sources disagree <img src=x onerror=alert(1)>" in page.text
    )
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert hrefs == ["https://example.org/?a=1&b=<2>"]  # the javascript: address is shown, not linked
    assert "<Title>" in page.text and 'A "quoted" <source>' in page.text
    assert not re.search(r"(src|href)=\"(?!https://example.org)", out)


def test_list_and_search_write_csv_and_tsv_and_exit_1_on_nothing(builtin_db):
    db = ["--db", str(builtin_db)]
    code, out, _ = run("list", *db, "--csv", "category:airstrike")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["category"] for r in rows} == {"airstrike"}
    assert len(rows) == sum(r["category"] == "airstrike" for r in BUILTIN)
    code, out, _ = run("search", *db, "--tsv", "Saraqeb OR Saraqib")
    header, *body = out.splitlines()
    assert code == 0 and header.split("\t")[:3] == ["id", "date", "end_date"] and body
    assert all(len(line.split("\t")) == len(header.split("\t")) for line in body)  # a tab or newline never breaks a row
    for args in (
        ["search", "zzqx"],
        ["list", "killed>=100000000"],
        ["search", "--json", "zzqx"],
        ["list", "--csv", "zzqx"],
    ):
        code, out, _ = run(args[0], *db, *args[1:])
        assert code == 1, args
    assert run("search", *db, "--csv", "zzqx")[1].startswith("id,date,")  # the header, and no rows


@pytest.mark.parametrize("form", ["--json", "--csv", "--tsv"])
def test_one_machine_form_at_a_time(builtin_db, form):
    code, _, err = run("list", "--db", str(builtin_db), form, "--json" if form != "--json" else "--csv")
    assert code == 2 and "choose one of" in err


def test_the_title_slide_is_the_title_given_else_the_datasets_own(tmp_path):
    from pathlib import Path

    from frontline.store.load import load_files

    db = tmp_path / "t.db"
    load_files(db, [Path(__file__).parent / "data" / "timelinejs-history.json"])
    code, out, _ = run("export", "--db", str(db), "--format", "timelinejs", "--from", "1000")
    title = json.loads(out)["title"]["text"]
    assert code == 0 and title["headline"] == "A synthetic history" and "after:1000-01-01" in title["text"]
    code, out, _ = run("export", "--db", str(db), "--format", "timelinejs", "--title", "Mine & <yours>")
    assert json.loads(out)["title"]["text"]["headline"] == "Mine &amp; &lt;yours&gt;"


def test_exports_of_a_view_carry_the_users_layer_and_leave_hidden_events_out(builtin_db):
    db = ["--db", str(builtin_db)]
    strike, other, gone = [r["id"] for r in BUILTIN if r["category"] == "airstrike"][:3]
    layer = Timeline(builtin_db).layer()
    layer.add_tags(strike, ["verified"])
    layer.set_note(strike, "Called the hospital: 10 confirmed")
    layer.set_hidden(gone, True)
    for fmt in ("markdown", "html"):
        code, out, _ = run("export", *db, "--format", fmt, "category:airstrike")
        assert code == 0 and "verified" in out and "Called the hospital: 10 confirmed" in out
        assert "Analyst" in out
    code, out, _ = run("list", *db, "category:airstrike", "--json")
    assert code == 0 and strike in ids(out) and other in ids(out) and gone not in ids(out)
    code, out, _ = run("export", *db, "--format", "csv", "category:airstrike")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert gone not in {r["id"] for r in rows}
    assert [r["tags"] for r in rows if r["id"] == strike] == ['["verified"]']
    code, out, _ = run("export", *db, "--format", "jsonl", "category:airstrike tag:verified")
    assert ids(out) == [strike] and json.loads(out)["layer"]["note"] == "Called the hospital: 10 confirmed"
    code, out, _ = run("export", *db, "--format", "jsonl")  # the whole database: the layer travels whole
    hidden = [json.loads(line) for line in out.splitlines() if json.loads(line)["id"] == gone]
    assert hidden and hidden[0]["layer"]["hidden"] is True


def test_a_query_that_begins_with_a_dash_is_pointed_past_the_options(builtin_db):
    code, _, err = run("list", "-dataset:maarat-al-numan", "--db", str(builtin_db))
    assert code == 2 and "goes after '--': frontline list -- -word" in err
    code, _, err = run("list", "--db", str(builtin_db), "--", "-dataset:maarat-al-numan")
    assert (code, err) == (1, "0 events: nothing found\n")


def test_search_for_scripts_gives_every_match_and_a_table_says_it_is_cut(builtin_db):
    db = ["--db", str(builtin_db)]
    code, out, _ = run("search", *db, "--tsv", "dataset:maarat-al-numan")
    assert code == 0 and len(out.splitlines()) == len(BUILTIN) + 1 > 51  # every match, not a table's 50
    assert len(run("search", *db, "--json", "--limit", "3", "Idlib")[1].splitlines()) == 3
    code, out, _ = run("search", *db, "dataset:maarat-al-numan")
    assert code == 0 and f"the first 50 of {len(BUILTIN)} events match" in " ".join(out.split())


def test_an_export_that_chooses_nothing_says_so_and_keeps_its_title(builtin_db):
    db = ["--db", str(builtin_db)]
    code, out, err = run("export", *db, "--format", "markdown", "zzqx")
    assert code == 1 and "nothing matches 'zzqx'" in err
    assert out.startswith("# Maarat al-Numan and Idlib, 2011–2020\n")  # the dataset's title, not "Briefing"
    code, out, _ = run("export", *db, "--format", "timelinejs", "zzqx")
    assert code == 1 and json.loads(out)["title"]["text"]["headline"] == "Maarat al-Numan and Idlib, 2011–2020"


def test_every_format_says_the_same_range(builtin_db):
    db = ["--db", str(builtin_db), "--from", "2019-12", "--to", "2020-01-31"]
    markdown = run("export", *db, "--format", "markdown")[1]
    slides = json.loads(run("export", *db, "--format", "timelinejs")[1])
    assert "1 December 2019 to 31 January 2020" in markdown
    assert "1 December 2019 to 31 January 2020" in slides["title"]["text"]["text"]
    code, out, _ = run("export", "--db", str(builtin_db), "--format", "markdown", "after:2019-12-01 Saraqeb")
    assert code == 0 and "**Range:** 1 December 2019 to " in out  # the view's own after:, not its first event
