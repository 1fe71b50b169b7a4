"""Prefix merges take turns across the process, and a prefix of many words is read as its words."""

from __future__ import annotations

import threading
from pathlib import Path

from frontline.store import merges as merges_module
from frontline.store.fts import SPELL_OUT_LIMIT
from frontline.store.merges import GatedConnection, count_unless
from frontline.store.query import Timeline
from frontline.tui.arenas import fewer_arenas


def test_a_statement_merges_when_its_query_keeps_a_prefix():
    sql = "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?"
    assert merges_module.merges(sql, ('"s"*',))
    assert merges_module.merges(sql, ('("shelling") AND "s"*',))
    assert not merges_module.merges(sql, ('("said" OR "syrian")',))  # spelled out: read lazily, no merge
    assert not merges_module.merges("SELECT * FROM events WHERE title = ?", ('"s"*',))  # no full-text query at all
    assert not merges_module.merges(sql, {"q": '"s"*'})


def test_a_prefix_merge_waits_for_the_one_running_and_a_spelled_query_does_not(builtin_db: Path):
    timeline = Timeline(builtin_db)
    assert isinstance(timeline._conn(), GatedConnection)
    done: dict[str, int] = {}

    def ask(name: str, query: str) -> None:
        done[name] = (
            Timeline(builtin_db)
            ._conn()
            .execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (query,))
            .fetchone()[0]
        )

    with merges_module._MERGES:  # another merge is running
        prefix = threading.Thread(target=ask, args=("prefix", '"s"*'))
        spelled = threading.Thread(target=ask, args=("spelled", '"shelling"'))
        prefix.start()
        spelled.start()
        spelled.join(timeout=60)  # a gated spelled query would wait here for ever: fail instead
        assert "spelled" in done and "prefix" not in done
    prefix.join()
    assert done["prefix"] > done["spelled"] > 0


def test_a_prefix_of_hundreds_of_words_is_walked_as_its_words(builtin_db: Path):
    timeline = Timeline(builtin_db)
    conn = timeline._conn()
    conn.execute("BEGIN")
    rows = [(f"zq{i:04d}", 1) for i in range(300)]  # 300 words start with "zq": more than the old limit of 256
    conn.executemany("INSERT INTO events_fts_terms (term, docs) VALUES (?, ?)", rows)
    conn.execute("COMMIT")
    assert SPELL_OUT_LIMIT >= 300
    search = timeline.search("zq")
    assert search is not None
    assert '"zq"*' not in search.walk and search.walk.count(" OR ") == 299


def test_the_app_asks_glibc_for_one_arena():
    assert fewer_arenas() is True  # Linux with glibc, as CI and this machine are


def test_a_count_no_longer_wanted_gives_up_and_one_still_wanted_is_exact(builtin_db: Path, monkeypatch):
    monkeypatch.setattr(merges_module, "STEPS", 1)  # ask at every step: the builtin's counts are short
    timeline = Timeline(builtin_db)
    expected = Timeline(builtin_db).search("s")
    assert expected is not None
    search = timeline.search("s")
    assert search is not None
    assert count_unless(search, lambda: True) is None
    assert not search.counted  # nothing half-counted is kept
    assert count_unless(search, lambda: False) == expected.count() > 0
    assert timeline.rows(0, 1)  # the connection works on afterwards
