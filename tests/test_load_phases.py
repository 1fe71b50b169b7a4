"""A big load says what it is doing after reading: merging the rows, then indexing them."""

from __future__ import annotations

from pathlib import Path

from frontline.store.load import load_files


def test_the_load_reports_reading_then_merging_then_indexing(tmp_path: Path):
    source = tmp_path / "events.csv"
    source.write_text("date,title\n" + "".join(f"2020-01-{n % 28 + 1:02d},Event {n}\n" for n in range(500)))
    heard: list[str] = []
    result = load_files(
        tmp_path / "x.db",
        [source],
        progress=lambda path, read: heard.append("reading" if not heard or heard[-1] == "reading" else "late read"),
        phase=heard.append,
    )
    assert result.new == 500
    assert heard[0] == "reading" and "late read" not in heard
    assert heard[-2:] == ["merging", "indexing"] and heard.count("merging") == heard.count("indexing") == 1


def test_a_load_that_changes_nothing_merges_but_has_nothing_to_index(tmp_path: Path):
    source = tmp_path / "events.csv"
    source.write_text("date,title\n2020-01-29,One\n")
    load_files(tmp_path / "x.db", [source])
    heard: list[str] = []
    load_files(tmp_path / "x.db", [source], phase=heard.append)
    assert heard == ["merging"]
