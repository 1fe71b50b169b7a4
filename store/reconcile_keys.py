"""The keys reconcile finds candidate pairs by, and the candidates: SQL over indexes, never a loop over all pairs.

`link_keys` holds, for each event, a row for each day of a day-precise span of a week or less and
a row for each month its span touches (widened by a day each side), with the grid cell of its
coordinates (an eighth of a degree), its canonical place (`pid`: `events.place_id`, which `places
merge` and `split` correct) and the skeleton of its spelling (`pk`, for the spellings the gazetteer
keeps apart and the events it has no place for). Day-precise events meet on the same or the next
day in a near cell, at the same place or with the same skeleton; an event dated to a month meets the
events of its month. SQL rules out what could never be one happening (`reconcile_score.RULED_OUT`).
Every join names its index and puts the probing row outermost: the plan does not depend on what
the planner guesses.

A town with more than `CROWD` reports on one day (a city under siege, a file of copies) is not
compared each against each, which would cost the square of their number: each of its reports meets,
in every dataset there, the `NEAREST` reports whose figures are closest to its own (an index seek
on `(day, place, dataset, figure)`, twice: the figures above and below). Reports of a crowded town
are counted, and `frontline reconcile` says how many.
"""

from __future__ import annotations

import sqlite3

from frontline.store.reconcile_names import category_family, place_skeleton, wide_place
from frontline.store.reconcile_score import RULED_OUT, other_towns

CELL = 8  # grid cells per degree
CROWD = 64  # reports of one place on one day past which each meets only the nearest by figure
NEAREST = 12  # how many reports of each dataset a report of a crowded town-day meets, above and below its figure
LONGEST_DAYS = 400  # an event spanning more than this (a war, an era) is linked by hand only
FOLD = "frontline_place_skeleton"
FAMILY = "frontline_category_family"
WIDE = "frontline_wide_place"
OTHER_TOWNS = "frontline_other_towns"
KEY_COLUMNS = [
    "id",
    "day",
    "month",
    "cx",
    "cy",
    "pk",
    "pid",
    "place",
    "wide",
    "d0",
    "d1",
    "fam",
    "fat",
    "dis",
    "ds",
    "coarse",
    "tally",
    "fig",
]

KEY_INDEXES = {
    "idx_link_keys_day_cell": "(day, cx, cy) WHERE day IS NOT NULL",
    "idx_link_keys_day_place": "(day, pk) WHERE day IS NOT NULL",
    "idx_link_keys_month_cell_fat": "(month, cx, cy, coarse, fat) WHERE month IS NOT NULL AND fat IS NOT NULL",
    "idx_link_keys_month_cell_dis": "(month, cx, cy, coarse, dis) WHERE month IS NOT NULL AND dis IS NOT NULL",
    "idx_link_keys_month_place_fat": "(month, pk, coarse, fat) WHERE month IS NOT NULL AND fat IS NOT NULL",
    "idx_link_keys_month_place_dis": "(month, pk, coarse, dis) WHERE month IS NOT NULL AND dis IS NOT NULL",
    "idx_link_keys_day_id": "(day, pid) WHERE day IS NOT NULL",
    "idx_link_keys_month_id_fat": "(month, pid, coarse, fat) WHERE month IS NOT NULL AND fat IS NOT NULL",
    "idx_link_keys_month_id_dis": "(month, pid, coarse, dis) WHERE month IS NOT NULL AND dis IS NOT NULL",
    "idx_link_keys_id": "(id)",
    "idx_link_keys_crowd_cell": "(day, cx, cy, ds, fig) WHERE day IS NOT NULL",
    "idx_link_keys_crowd_place": "(day, pk, ds, fig) WHERE day IS NOT NULL",
    "idx_link_keys_crowd_id": "(day, pid, ds, fig) WHERE day IS NOT NULL",
}


def prepare(conn: sqlite3.Connection) -> None:
    conn.create_function(FOLD, 1, place_skeleton, deterministic=True)
    conn.create_function(FAMILY, 1, category_family, deterministic=True)
    conn.create_function(WIDE, 5, wide_place, deterministic=True)
    conn.create_function(OTHER_TOWNS, 2, other_towns, deterministic=True)


def create_keys_table(conn: sqlite3.Connection) -> None:
    """An event's keys: a row for each day of a short day-precise span (`day`), a row for each month its
    span touches (`month`); besides them, what rules a pair out before it is scored."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS link_keys (id TEXT NOT NULL, day INTEGER, month TEXT, cx INTEGER, cy INTEGER, "
        "pk TEXT, pid TEXT, place TEXT, wide INTEGER NOT NULL, d0 INTEGER NOT NULL, d1 INTEGER NOT NULL, fam TEXT, fat INTEGER, dis INTEGER, ds TEXT, "
        "coarse INTEGER NOT NULL, tally INTEGER NOT NULL, fig INTEGER NOT NULL)"
    )
    index_keys(conn)


def current(conn: sqlite3.Connection) -> bool:
    """Are the keys there, made by this build? (They are derived data: made anew when not.)"""
    return "wide" in {row[1] for row in conn.execute("PRAGMA table_info(link_keys)")}


def index_keys(conn: sqlite3.Connection) -> None:
    for name, columns in KEY_INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON link_keys{columns}")


def write_keys(conn: sqlite3.Connection, ids_table: str | None) -> None:
    """The day, month, cell and place keys of every event (or of the events whose ids are in `ids_table`).

    A day-precise event of a week or less gets a row for each of its days; every event gets a row for
    each month its span touches, widened by a day each side (so 31 January meets 1 February).
    """
    prepare(conn)
    where = f"WHERE id IN (SELECT id FROM {ids_table})" if ids_table else ""
    conn.execute(f"DELETE FROM link_keys {where}")
    for name in KEY_INDEXES if not ids_table else ():  # every key anew: the indexes build faster after
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS temp.link_base")
    conn.execute(
        f"""
        CREATE TEMP TABLE link_base AS
        SELECT id, CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lat + 90) * {CELL} AS INTEGER) END AS cx,
            CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE CAST((lon + 180) * {CELL} AS INTEGER) END AS cy,
            nullif({FOLD}(place), '') AS pk, place_id AS pid, place,
            {WIDE}(place, place_id, (SELECT p.admin1 FROM places p WHERE p.name = place_id),
                CASE WHEN json_valid(extra) THEN json_extract(extra, '$.geo_precision') END,
                CASE WHEN json_valid(extra) THEN json_extract(extra, '$.where_prec') END) AS wide,
            CAST(julianday(date_start) AS INTEGER) AS d0,
            CAST(julianday(date_end) AS INTEGER) AS d1, {FAMILY}(category) AS fam, fatalities AS fat,
            displaced AS dis, dataset AS ds,
            precision <> 'day' OR julianday(date_end) - julianday(date_start) > 7 AS coarse,
            coalesce(running_total, 0) <> 0 AS tally, coalesce(fatalities, -1) AS fig,
            substr(date(date_start, '-1 day'), 1, 7) AS first_month, substr(date(date_end, '+1 day'), 1, 7) AS last_month
        FROM events {where} {"AND" if where else "WHERE"} julianday(date_end) - julianday(date_start) <= {LONGEST_DAYS}
        """
    )
    conn.execute("CREATE INDEX temp.idx_link_base ON link_base(id)")
    columns = [c for c in KEY_COLUMNS if c not in ("day", "month")]
    chosen = ", ".join("b." + c for c in columns)
    conn.execute(
        f"""
        INSERT INTO link_keys (day, {", ".join(columns)})
        WITH RECURSIVE days(day, id, last) AS (
            SELECT d0, id, d1 FROM temp.link_base WHERE NOT coarse
            UNION ALL SELECT day + 1, id, last FROM days WHERE day < last)
        SELECT days.day, {chosen} FROM days JOIN temp.link_base b ON b.id = days.id
        """
    )
    conn.execute(
        f"""
        INSERT INTO link_keys (month, {", ".join(columns)})
        WITH RECURSIVE months(month, id, last) AS (
            SELECT first_month, id, last_month FROM temp.link_base
            UNION ALL SELECT substr(date(month || '-01', '+1 month'), 1, 7), id, last FROM months WHERE month < last)
        SELECT months.month, {chosen} FROM months JOIN temp.link_base b ON b.id = months.id
        """
    )
    conn.execute("DROP TABLE temp.link_base")
    index_keys(conn)


_NEAR_CELL = "k2.cx BETWEEN k1.cx - 1 AND k1.cx + 1 AND k2.cy BETWEEN k1.cy - 1 AND k1.cy + 1"
# The blocks reports meet in, on a day: a grid cell (and the cells around it), the skeleton of a
# spelling, a canonical place. Each: its key columns, and which blocks a report of one meets.
_BLOCKS = {"cells": (("cx", "cy"), "c.cx BETWEEN k1.cx - 1 AND k1.cx + 1 AND c.cy BETWEEN k1.cy - 1 AND k1.cy + 1"),
           "places": (("pk",), "c.pk = k1.pk"), "ids": (("pid",), "c.pid = k1.pid")}  # fmt: skip
_NEAR_BLOCK = {"cells": _NEAR_CELL, "places": "k2.pk = k1.pk", "ids": "k2.pid = k1.pid"}
# The figures close to x (`reconcile_score._close`: at most 1 apart, or the smaller at least 0.85 of the larger).
_LOW, _HIGH = "min({0} - 1, 0.85 * {0} - 0.001)", "max({0} + 1, {0} / 0.85 + 0.001)"  # a hair wider: floats
_INDEX_OF = {"cells": "cell", "places": "place", "ids": "id"}  # idx_link_keys_day_cell, idx_link_keys_month_cell …


def _crowds(conn: sqlite3.Connection, probe: str, only: str | None) -> None:
    """temp.crowded_cells and temp.crowded_places: the (day, cell or place, dataset) of every block of
    more than `CROWD` reports, on the days the probing events could meet."""
    days = ""
    if only:
        days = (
            f"AND day IN (SELECT k.day + o.d FROM {probe} k, (SELECT -1 AS d UNION ALL SELECT 0 UNION ALL SELECT 1) o)"
        )
    for name, (key, _) in _BLOCKS.items():
        columns = ", ".join(key)
        conn.execute(f"DROP TABLE IF EXISTS temp.crowded_{name}")
        conn.execute(
            f"CREATE TEMP TABLE crowded_{name} (day, {columns}, ds, PRIMARY KEY (day, {columns}, ds)) WITHOUT ROWID"
        )
        conn.execute(
            f"""
            INSERT OR IGNORE INTO temp.crowded_{name}
            SELECT k.day, {", ".join("k." + c for c in key)}, k.ds FROM link_keys k JOIN (
                SELECT day, {columns} FROM link_keys WHERE day IS NOT NULL AND {key[0]} IS NOT NULL {days}
                GROUP BY day, {columns} HAVING count(*) > {CROWD}) c
            ON k.day = c.day AND {" AND ".join(f"k.{c} = c.{c}" for c in key)}
            """
        )


def _crowded(name: str, day: str, *at: str) -> str:
    """SQL: the block of this day and this cell (x, y) or place is crowded."""
    same = " AND ".join(f"c.{c} = {x}" for c, x in zip(_BLOCKS[name][0], at, strict=True))
    return f"EXISTS (SELECT 1 FROM temp.crowded_{name} c WHERE c.day = {day} AND {same})"


def candidates(conn: sqlite3.Connection, only: str | None) -> tuple[str, int]:
    """Fill temp.link_pairs with the candidate pairs (a < b) of every event, or of the events in table `only`.

    Day-precise events meet on a day key (the same day or the next, `o.d`) and a near cell or the same
    place; an event dated to a month (or a long span) meets every event of its months, near or at the
    same place. Two reports both in crowded blocks meet only as the nearest by figure. Each join is
    an index lookup from the probing row, never a walk over every pair. Returns the table and how
    many of the probing reports were in a crowded block.
    """
    conn.execute("DROP TABLE IF EXISTS temp.link_pairs")
    conn.execute("CREATE TEMP TABLE link_pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID")
    probe = f"(SELECT * FROM link_keys WHERE id IN (SELECT id FROM {only}))" if only else "link_keys"
    offsets = (-1, 0, 1) if only else (0, 1)  # every event: each pair once, found from its earlier day
    days = "(" + " UNION ALL ".join(f"SELECT {d} AS d" for d in offsets) + ") o"
    _crowds(conn, probe, only)
    keep = f"AND k1.id <> k2.id AND NOT ({RULED_OUT})"
    cells = "(SELECT -1 AS x UNION ALL SELECT 0 UNION ALL SELECT 1) qx, (SELECT -1 AS y UNION ALL SELECT 0 UNION ALL SELECT 1) qy"
    joins = []  # each: what k1 is joined with, k2 last, through the index named (the plan is fixed: k1 outermost)
    for name, place in _NEAR_BLOCK.items():
        key = _BLOCKS[name][0]
        by_day, _ = (f"link_keys k2 INDEXED BY idx_link_keys_{when}_{_INDEX_OF[name]}" for when in ("day", "month"))
        mine = _crowded(name, "k1.day", *("k1." + c for c in key))
        crowds = conn.execute(f"SELECT 1 FROM temp.crowded_{name} LIMIT 1").fetchone() is not None
        # a report outside any crowded block meets every report near it
        joins.append(
            f"{days} CROSS JOIN {by_day} ON k2.day = k1.day + o.d AND {place} WHERE k1.day IS NOT NULL "
            + (f"AND NOT {mine}" if crowds else "")
        )
        # a report of a crowded block meets every report of the blocks near it that are not crowded
        if not crowds:
            pass
        elif name == "cells":
            joins.append(
                f"{days} CROSS JOIN {cells} CROSS JOIN {by_day} ON k2.day = k1.day + o.d AND k2.cx = k1.cx + qx.x "
                f"AND k2.cy = k1.cy + qy.y WHERE k1.day IS NOT NULL AND {mine} "
                f"AND NOT {_crowded('cells', 'k1.day + o.d', 'k1.cx + qx.x', 'k1.cy + qy.y')}"
            )
        else:
            theirs = _crowded(name, "k1.day + o.d", *("k1." + c for c in key))
            joins.append(
                f"{days} CROSS JOIN {by_day} ON k2.day = k1.day + o.d AND {place} "
                f"WHERE k1.day IS NOT NULL AND {mine} AND NOT {theirs}"
            )
        # A coarse event finds everything in its months whose figures agree (a month-dated report without
        # them is ruled out): a seek on the month, the cell or place, and the range of close figures.
        for figure in ("fat", "dis"):
            by_month = f"link_keys k2 INDEXED BY idx_link_keys_month_{_INDEX_OF[name]}_{figure}"
            if name == "cells":
                at = f"{cells} CROSS JOIN {by_month} ON k2.month = k1.month AND k2.cx = k1.cx + qx.x AND k2.cy = k1.cy + qy.y"
            else:
                at = f"{by_month} ON k2.month = k1.month AND {place}"
            close = f"k2.{figure} BETWEEN {_LOW.format(f'k1.{figure}')} AND {_HIGH.format(f'k1.{figure}')}"
            joins.append(f"{at} AND k2.coarse IN (0, 1) AND {close} WHERE k1.coarse AND k1.{figure} IS NOT NULL")
            if only:  # in a load, a new event also finds the coarse ones
                joins.append(
                    f"{at} AND k2.coarse = 1 AND {close} WHERE NOT k1.coarse AND k1.month IS NOT NULL "
                    f"AND k1.{figure} IS NOT NULL"
                )
    for join in joins:
        conn.execute(
            f"INSERT OR IGNORE INTO link_pairs (a, b) SELECT min(k1.id, k2.id), max(k1.id, k2.id) "
            f"FROM {probe} k1 CROSS JOIN {join} {keep}"
        )
    # Both in crowded blocks: each report meets, in each dataset of each block near it on the day
    # before, the same day and the day after, the `NEAREST` reports by figure above and below its own.
    every_day = "(SELECT -1 AS d UNION ALL SELECT 0 UNION ALL SELECT 1) o"
    for name, (key, near) in _BLOCKS.items():
        if conn.execute(f"SELECT 1 FROM temp.crowded_{name} LIMIT 1").fetchone() is None:
            continue
        same = " AND ".join(f"n.{c} = c.{c}" for c in key)
        for side, order in ((">=", "ASC"), ("<", "DESC")):
            nearest = (
                f"SELECT n.rowid FROM link_keys n WHERE n.day = c.day AND {same} AND n.ds IS c.ds "
                f"AND n.fig {side} k1.fig ORDER BY n.fig {order} LIMIT {NEAREST}"
            )
            conn.execute(
                f"""
                INSERT OR IGNORE INTO link_pairs (a, b)
                SELECT min(k1.id, k2.id), max(k1.id, k2.id)
                FROM {probe} k1 CROSS JOIN {every_day} CROSS JOIN temp.crowded_{name} c ON c.day = k1.day + o.d
                    AND {near}
                CROSS JOIN link_keys k2 ON k2.rowid IN ({nearest})
                WHERE k1.day IS NOT NULL AND {_crowded(name, "k1.day", *("k1." + c for c in key))} {keep}
                """
            )
    crowded = conn.execute(
        f"SELECT count(DISTINCT k1.id) FROM {probe} k1 WHERE k1.day IS NOT NULL "
        f"AND ({_crowded('cells', 'k1.day', 'k1.cx', 'k1.cy')} OR {_crowded('places', 'k1.day', 'k1.pk')} "
        f"OR {_crowded('ids', 'k1.day', 'k1.pid')})"
    ).fetchone()[0]
    return "temp.link_pairs", crowded
