"""The benchmark: is frontline still instant at a million events? Every figure beside its peer, one run.

    python tests/benchmarks/bench.py --n 1000000 --out tests/benchmarks/results-1m.json

It generates N synthetic events (`generate.py`, seeded), then measures:

* load: `frontline load` of the CSV against `sqlite-utils insert DB events FILE --csv` on the same file;
* first screen: the app's first paint of timeline rows on the N-event database against the built-in one;
* key to frame: Down, PageDown and End at the top, middle and end of the N events;
* search: the first page of results for the most common words (and others), from the top and from a date;
* memory: peak RSS with the database open and scrolled, against the built-in one;
* dates: free-text dates parsed per second, every cache missed.

The screen figures run in child processes of this script (`--child tui|memory`), so that one
measurement never inherits another's heap. Prints a Rich table; writes the same figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import csv
import datetime as dt
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

REPO = Path(__file__).resolve().parents[2]
SIZE = (120, 40)  # the terminal every screen figure is measured at
SEARCH_COLUMNS = ("title", "summary", "place", "actors", "notes")
_WORD = re.compile(r"\w+")

GOALS = {
    "load_ratio": ("<=", 1.0),
    "first_screen_ratio": ("<=", 1.2),
    "key_p50_ms": ("<=", 8.0),
    "key_p99_ms": ("<=", 16.0),
    "key_end_vs_top": ("<=", 1.2),
    "search_p95_ms": ("<=", 30.0),
    "search_from_date_p95_ms": ("<=", 30.0),
    "memory_ratio": ("<=", 1.3),
    "dates_per_s": (">=", 50_000.0),
}


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values), "p50": round(pct(values, 50), 3), "p95": round(pct(values, 95), 3),
        "p99": round(pct(values, 99), 3), "max": round(max(values), 3),
    }  # fmt: skip


# -- load ---------------------------------------------------------------------------------------


def _tool(name: str, module: str) -> list[str]:
    """A console script of this environment (the venv this Python runs in), else `python -m`."""
    beside = Path(sys.executable).with_name(name)
    return [str(beside)] if beside.exists() else [sys.executable, "-m", module]


def timed_run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def bench_load(csv_path: Path, work: Path) -> tuple[dict[str, Any], Path]:
    ours, theirs = work / "frontline.db", work / "sqlite-utils.db"
    for path in (ours, theirs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    frontline_s = timed_run([*_tool("frontline", "frontline.tui"), "load", "--db", str(ours), str(csv_path)])
    sqlite_utils_s = timed_run(
        [*_tool("sqlite-utils", "sqlite_utils"), "insert", str(theirs), "events", str(csv_path), "--csv"]
    )
    return {
        "frontline_s": round(frontline_s, 3), "sqlite_utils_s": round(sqlite_utils_s, 3),
        "ratio": round(frontline_s / sqlite_utils_s, 3),
        "frontline_db_mb": round(ours.stat().st_size / 1e6, 1), "sqlite_utils_db_mb": round(theirs.stat().st_size / 1e6, 1),
    }, ours  # fmt: skip


def builtin_database(work: Path) -> tuple[Path, str]:
    """The built-in dataset's database; a small synthetic one (said so in the results) if the data is not there."""
    from frontline.store.builtin import EVENTS_FILE, ensure_database
    from frontline.store.load import load_files

    if EVENTS_FILE.exists():
        path = work / "builtin.db"
        if not path.exists():
            ensure_database(path)
        return path, "built-in dataset"
    path = work / "small.db"
    if not path.exists():
        load_files(path, [generate(300, work / "small.csv", seed=1)])
    return path, "300 synthetic events (the built-in data is not in store/data)"


# -- dates --------------------------------------------------------------------------------------


def date_mix(count: int, seed: int = 6) -> list[tuple[str, dt.date]]:
    """Distinct (text, reference day) pairs in a realistic mix, so that no parse is a cache hit."""
    from frontline.store.dates import MONTH_ABBR, MONTH_NAMES, WEEKDAY_NAMES

    rng = random.Random(seed)
    base, pairs = dt.date(1990, 1, 1), []
    for i in range(count):
        day = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(73_000))
        ref = base + dt.timedelta(days=i)  # distinct for every pair: the cache key is (text, reference)
        roll = rng.random()
        if roll < 0.35:
            text = day.isoformat()
        elif roll < 0.55:
            text = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        elif roll < 0.70:
            text = f"{MONTH_ABBR[day.month - 1]} {day.year}"
        elif roll < 0.80:
            text = WEEKDAY_NAMES[rng.randrange(7)]
        elif roll < 0.88:
            text = day.isoformat()[:7]
        elif roll < 0.92:
            text = str(day.year)
        elif roll < 0.97:
            text = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
        else:
            text = f"{day.day:02d}/{day.month:02d}/{day.year}"
        pairs.append((text, ref))
    return pairs


def bench_dates(count: int) -> dict[str, Any]:
    from frontline.store import dates

    pairs = date_mix(count)
    rates = []
    for _ in range(3):
        dates._parse_cached.cache_clear()
        start = time.perf_counter()
        for text, ref in pairs:
            dates.parse_date(text, ref)
        rates.append(count / (time.perf_counter() - start))
    info = dates._parse_cached.cache_info()
    return {"strings": count, "per_s": round(statistics.median(rates)), "cache_hits": info.hits, "runs": len(rates)}


# -- search -------------------------------------------------------------------------------------


def pick_queries(csv_path: Path, sample: int = 20_000) -> list[str]:
    """64 queries: the 40 most common words of the first rows (stop words and all), 10 of the common
    longer words each with one of the common places ("shelling saraqib"), 6 prefixes and 8 rare words."""
    counts: collections.Counter[str] = collections.Counter()
    places: collections.Counter[str] = collections.Counter()
    with open(csv_path, encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= sample:
                break
            for column in SEARCH_COLUMNS:
                counts.update(w.casefold() for w in _WORD.findall(row[column] or ""))
            places[row["place"].casefold()] += 1
    ranked = [w for w, _ in counts.most_common() if len(w) > 1]
    common = ranked[:40]
    place_words = {w.casefold() for p in places for w in _WORD.findall(p)}
    topical = [w for w in ranked[:120] if len(w) > 4 and w not in place_words][:10]
    top_places = [p for p, _ in places.most_common(10)]
    pairs = [f"{word} {top_places[i % len(top_places)]}" for i, word in enumerate(topical)]
    prefixes = sorted({w[:4] for w in common if len(w) > 5})[:6]
    rare = ranked[len(ranked) // 3 :: max(len(ranked) // 30, 1)][:8]
    return common + pairs + prefixes + rare


def bench_search(db: Path, queries: list[str], rounds: int = 3) -> dict[str, Any]:
    from frontline.store.query import Timeline

    timeline = Timeline(db)
    rng = random.Random(6)
    days = [(dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(3650))).isoformat() for _ in queries]
    times: dict[str, list[float]] = collections.defaultdict(list)
    slowest = ("", 0.0)

    def first_page(query: str, at: int, exact: bool) -> float:
        """ms for what a search shows first: the count (exact, or up to 10,000), the first match, a page."""
        start = time.perf_counter()
        found = timeline.search(query)
        found.count() if exact else found.count_at_most(10_000)
        found.first_at_or_after(at)
        found.page(after=at - 1, limit=50)
        return (time.perf_counter() - start) * 1000

    for _ in range(rounds):
        for query, day in zip(queries, days, strict=False):
            times["from_top_ms"].append(ms := first_page(query, 0, exact=True))
            slowest = max(slowest, (query, ms), key=lambda s: s[1])
            start = time.perf_counter()
            at = timeline.position_of_date(day)
            date_ms = (time.perf_counter() - start) * 1000
            times["from_date_ms"].append(date_ms + first_page(query, at, exact=True))
            times["from_top_bounded_ms"].append(first_page(query, 0, exact=False))
            times["from_date_bounded_ms"].append(date_ms + first_page(query, at, exact=False))
            start = time.perf_counter()
            timeline.search(query).count()
            times["count_ms"].append((time.perf_counter() - start) * 1000)
    timeline.close()
    return {
        "queries": len(queries), "rounds": rounds, "examples": queries[:5] + queries[40:42] + queries[-2:],
        **{name: summary(values) for name, values in times.items()},
        "slowest": {"query": slowest[0], "ms": round(slowest[1], 3)},
    }  # fmt: skip


# -- the screen (run in a child process) ------------------------------------------------------


class FrameWatch:
    """Notes the time of every frame the app renders and tells when one shows what is awaited."""

    def __init__(self, app) -> None:
        self.app, self.condition, self.hit = app, None, asyncio.Event()
        self.first: float | None = None
        self.at: float | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            now = time.perf_counter()
            if self.condition is not None:
                if self.first is None and self.condition(False):
                    self.first = now
                if self.condition(True):
                    self.condition, self.at = None, now
                    self.hit.set()

        app._display = display

    def arm(self, condition) -> None:
        self.hit.clear()
        self.first = self.at = None
        self.condition = condition

    async def wait(self, timeout: float = 10.0) -> None:
        await asyncio.wait_for(self.hit.wait(), timeout)


def painted(view) -> bool:
    """Does every timeline line on screen show its event (no row still loading), and at least one?"""
    lines, height = view.lines, view.scrollable_content_region.height
    if height <= 0 or not lines.count:
        return False
    top, shown = int(view.scroll_y), False
    for line in range(top, min(top + height, lines.total)):
        if line in lines.headers:
            continue
        pos = lines.pos_at(line)
        if pos is not None:
            if view.event_at(pos) is None:
                return False
            shown = True
    return shown


async def open_app(db: Path, size=SIZE):
    """Start the app; returns (app, pilot context, ms from start to the first frame with rows)."""
    from frontline.tui.app import FrontlineApp

    start = time.perf_counter()
    app = FrontlineApp(db)
    watch = FrameWatch(app)
    watch.arm(lambda complete: complete and painted(app.view))
    context = app.run_test(size=size)
    pilot = await context.__aenter__()
    await watch.wait(30)
    return app, pilot, context, watch, (watch.at - start) * 1000


async def settle(app, pilot) -> None:
    for _ in range(200):
        await pilot.pause()
        if painted(app.view):
            return


async def press(app, pilot, watch, key: str) -> tuple[float, float]:
    """Send one key; ms until the first frame that shows the cursor moved, and until every row on screen is drawn."""
    from textual import events

    await settle(app, pilot)
    view, before = app.view, app.view.cursor
    watch.arm(lambda complete: view.cursor != before and (not complete or painted(view)))
    start = time.perf_counter()
    app.post_message(events.Key(key, None))
    await watch.wait()
    return (watch.first - start) * 1000, (watch.at - start) * 1000


async def key_matrix(app, pilot, watch, reps: dict[str, int]) -> dict[str, Any]:
    """Each key, many times, at the top, the middle and the end; the three positions take turns, so
    that anything else the machine does lands on all three alike. Between turns each position gets
    its cursor and scroll back, so its presses run on as if nothing had happened in between."""
    view = app.view
    count, height = view.lines.count, view.scrollable_content_region.height
    results: dict[str, Any] = {}
    for key, n in reps.items():
        step = {"down": 1, "pagedown": height, "end": 0}[key]
        reach = n * step + (2 * 128 + height if key != "end" else 1000)
        starts = {"top": 0, "middle": count // 2, "end": max(count - 1 - reach, count // 2 + 1)}
        state = {where: (at, None) for where, at in starts.items() if at < count - 1}
        frames: dict[str, list[float]] = {where: [] for where in state}
        first: dict[str, list[float]] = {where: [] for where in state}
        for _ in range(n):
            for where in list(state):
                cursor, scroll = (starts[where], None) if key == "end" else state[where]
                if cursor >= count - 1:
                    del state[where]
                    continue
                view.cursor = cursor
                if scroll is not None:
                    view.scroll_to(y=scroll, animate=False)
                shown, complete = await press(app, pilot, watch, key)
                first[where].append(shown)
                frames[where].append(complete)
                state[where] = (view.cursor, view.scroll_y)
        results[key] = {
            where: {"frame_ms": summary(frames[where]), "first_frame_ms": summary(first[where])}
            for where in frames
            if frames[where]
        }
    return results


async def tui_child(large: Path, small: Path, runs: int, reps: dict[str, int]) -> dict[str, Any]:
    gc.collect()
    app, pilot, context, watch, _ = await open_app(small)  # warm up: imports, CSS, first-time code paths
    await context.__aexit__(None, None, None)
    first = {"large": [], "small": []}
    cold_end = []
    for _ in range(runs):
        for which, db in (("small", small), ("large", large)):
            app, pilot, context, watch, ms = await open_app(db)
            first[which].append(ms)
            if which == "large":  # the first End after opening: its page is in no cache yet
                cold_end.append((await press(app, pilot, watch, "end"))[1])
            await context.__aexit__(None, None, None)
    result: dict[str, Any] = {
        "first_screen_ms": {k: summary(v) for k, v in first.items()},
        "end_cold_ms": summary(cold_end),
    }
    for which, db in (("large", large), ("small", small)):
        app, pilot, context, watch, _ = await open_app(db)
        result[f"keys_{which}"] = await key_matrix(
            app, pilot, watch, reps if which == "large" else {k: min(v, 20) for k, v in reps.items()}
        )
        await context.__aexit__(None, None, None)
    return result


async def memory_child(db: Path) -> dict[str, Any]:
    app, pilot, context, _watch, _ = await open_app(db)
    view = app.view
    count = view.lines.count
    for i in range(12):
        view.cursor = count * i // 12
        await settle(app, pilot)
        await pilot.press("pagedown", "pagedown", "down", "down")
    await pilot.press("end", "pageup", "home")
    await settle(app, pilot)
    await context.__aexit__(None, None, None)
    return {"max_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident set. Linux's ru_maxrss carries the parent's peak across fork and exec
    (a child of a big parent reports the parent's size), so VmHWM, which starts anew with the program, comes first."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(*args: str) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        subprocess.run([sys.executable, __file__, "--child", *args, "--child-out", str(out)], check=True)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# -- the whole run ------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024**2, 1), "os": platform.platform(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "textual": version("textual"), "sqlite_utils": version("sqlite-utils"),
    }  # fmt: skip


def revision() -> str:
    """The commit measured, and whether the work tree had changes on top of it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' with uncommitted changes' if dirty else ''}" if head else "unknown"


def goal(name: str, value: float) -> dict[str, Any]:
    op, bound = GOALS[name]
    return {"value": value, "goal": f"{op} {bound:g}", "met": value <= bound if op == "<=" else value >= bound}


def judge(figures: dict[str, Any]) -> dict[str, Any]:
    keys = figures["keys"]
    frames = [keys[k][w]["frame_ms"] for k in keys for w in keys[k]] + [figures["first_screen"]["end_cold_ms"]]
    end_vs_top = max(
        keys[k]["end"]["frame_ms"]["p50"] / keys[k]["top"]["frame_ms"]["p50"] for k in keys if "end" in keys[k]
    )
    return {
        "load_ratio": goal("load_ratio", figures["load"]["ratio"]),
        "first_screen_ratio": goal("first_screen_ratio", figures["first_screen"]["ratio"]),
        "key_p50_ms": goal("key_p50_ms", max(f["p50"] for f in frames)),
        "key_p99_ms": goal("key_p99_ms", max(f["p99"] for f in frames)),
        "key_end_vs_top": goal("key_end_vs_top", round(end_vs_top, 3)),
        "search_p95_ms": goal("search_p95_ms", figures["search"]["from_top_ms"]["p95"]),
        "search_from_date_p95_ms": goal("search_from_date_p95_ms", figures["search"]["from_date_ms"]["p95"]),
        "memory_ratio": goal("memory_ratio", figures["memory"]["ratio"]),
        "dates_per_s": goal("dates_per_s", figures["dates"]["per_s"]),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="frontline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say = (lambda text: print(text, file=sys.stderr, flush=True)) if not args.quiet else (lambda text: None)
    csv_path = work / f"events-{args.n}.csv"
    load_before = os.getloadavg()
    say(f"generating {args.n:,} events in {work}")
    started = time.perf_counter()
    generate(args.n, csv_path, seed=args.seed)
    generate_s = time.perf_counter() - started
    say("load: frontline against sqlite-utils")
    load, large = bench_load(csv_path, work)
    small, small_kind = builtin_database(work)
    say("dates")
    dates = bench_dates(args.dates)
    say("search")
    search = bench_search(large, pick_queries(csv_path))
    say("first screen and keys (child process)")
    reps = dict(zip(("down", "pagedown", "end"), args.reps, strict=False))
    tui = run_child("tui", str(large), str(small), str(args.runs), *map(str, args.reps))
    say("memory (child processes)")
    rss = {
        which: [run_child("memory", str(db))["max_rss_mb"] for _ in range(args.memory_runs)]
        for which, db in (("large", large), ("small", small))
    }
    first = tui["first_screen_ms"]
    figures = {
        "load": {**load, "generate_s": round(generate_s, 3)},
        "first_screen": {
            "large_ms": first["large"], "small_ms": first["small"], "end_cold_ms": tui["end_cold_ms"],
            "ratio": round(first["large"]["p50"] / first["small"]["p50"], 3),
        },
        "keys": tui["keys_large"],
        "keys_small": tui["keys_small"],
        "search": search,
        "memory": {
            "large_mb": round(statistics.median(rss["large"]), 1), "small_mb": round(statistics.median(rss["small"]), 1),
            "runs": args.memory_runs,
            "ratio": round(statistics.median(rss["large"]) / statistics.median(rss["small"]), 3),
        },
        "dates": dates,
    }  # fmt: skip
    result = {
        "n": args.n, "seed": args.seed, "size": list(SIZE), "baseline": small_kind, "reps": reps, "runs": args.runs,
        "command": "python tests/benchmarks/bench.py " + " ".join(sys.argv[1:]),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "revision": revision(), "machine": machine(),
        "load_average": {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]},
        "figures": figures, "goals": judge(figures),
    }  # fmt: skip
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def table(result: dict[str, Any]):
    from rich.table import Table

    f, g, n = result["figures"], result["goals"], result["n"]
    mark = {True: "[green]met[/]", False: "[bold red]missed[/]"}
    t = Table(
        title=f"frontline at {n:,} events ({result['machine']['cores']} cores, {result['size'][0]}x{result['size'][1]})"
    )
    for column in ("Measure", f"frontline, {n:,} events", "Peer", "Figure", "Goal", ""):
        t.add_column(column, justify="left" if column == "Measure" else "right")
    t.add_row("Load (CSV to database)", f"{f['load']['frontline_s']:.1f} s", f"sqlite-utils {f['load']['sqlite_utils_s']:.1f} s",
              f"ratio {f['load']['ratio']:.2f}", g["load_ratio"]["goal"], mark[g["load_ratio"]["met"]])  # fmt: skip
    fs = f["first_screen"]
    t.add_row("First screen, median", f"{fs['large_ms']['p50']:.0f} ms", f"{result['baseline'].split(' (')[0]} {fs['small_ms']['p50']:.0f} ms",
              f"ratio {fs['ratio']:.2f}", g["first_screen_ratio"]["goal"], mark[g["first_screen_ratio"]["met"]])  # fmt: skip
    small = f["keys_small"]
    for key, label in (("down", "Down"), ("pagedown", "PageDown"), ("end", "End")):
        for where, stats in f["keys"][key].items():
            peer = small.get(key, {}).get("top", {}).get("frame_ms")
            frame = stats["frame_ms"]
            t.add_row(f"{label} at the {where}", f"p50 {frame['p50']:.1f} / p99 {frame['p99']:.1f} ms",
                      f"small p50 {peer['p50']:.1f} / p99 {peer['p99']:.1f} ms" if peer else "", f"n={frame['n']}",
                      "p50 <= 8, p99 <= 16", mark[frame["p50"] <= 8 and frame["p99"] <= 16])  # fmt: skip
    cold = fs["end_cold_ms"]
    t.add_row("End, first after opening", f"p50 {cold['p50']:.1f} / p99 {cold['p99']:.1f} ms", "", f"n={cold['n']}",
              "p50 <= 8, p99 <= 16", mark[cold["p50"] <= 8 and cold["p99"] <= 16])  # fmt: skip
    for name in ("key_p50_ms", "key_p99_ms"):
        t.add_row(
            f"  worst key {name[4:7]}", "", "", f"{g[name]['value']:.1f} ms", g[name]["goal"], mark[g[name]["met"]]
        )
    t.add_row(
        "  end / top (p50)",
        "",
        "",
        f"{g['key_end_vs_top']['value']:.2f}x",
        g["key_end_vs_top"]["goal"],
        mark[g["key_end_vs_top"]["met"]],
    )
    s = f["search"]
    for name, key, label in (
        ("search_p95_ms", "from_top_ms", "from the top"),
        ("search_from_date_p95_ms", "from_date_ms", "from a date"),
    ):
        t.add_row(f"Search {label}, {s['queries']} queries", f"p50 {s[key]['p50']:.1f} / p95 {s[key]['p95']:.1f} ms", "",
                  f"max {s[key]['max']:.0f} ms", f"p95 {g[name]['goal']} ms", mark[g[name]["met"]])  # fmt: skip
    for key, label in (("from_top_bounded_ms", "from the top"), ("from_date_bounded_ms", "from a date")):
        t.add_row(f"  the same, count read up to 10,000, {label}", f"p50 {s[key]['p50']:.1f} / p95 {s[key]['p95']:.1f} ms",
                  "", f"max {s[key]['max']:.0f} ms", "", "")  # fmt: skip
    t.add_row("  the exact count alone", f"p50 {s['count_ms']['p50']:.1f} / p95 {s['count_ms']['p95']:.1f} ms", "",
              f"max {s['count_ms']['max']:.0f} ms", "", "")  # fmt: skip
    m = f["memory"]
    t.add_row("Peak memory, open and scrolled", f"{m['large_mb']:.0f} MB", f"small {m['small_mb']:.0f} MB",
              f"ratio {m['ratio']:.2f}", g["memory_ratio"]["goal"], mark[g["memory_ratio"]["met"]])  # fmt: skip
    t.add_row("Free-text dates", f"{f['dates']['per_s']:,}/s", "", f"{f['dates']['strings']:,} distinct",
              f">= {GOALS['dates_per_s'][1]:,.0f}/s", mark[g["dates_per_s"]["met"]])  # fmt: skip
    return t


def markdown(result: dict[str, Any]) -> str:
    """The figures as the Markdown table the README shows."""
    f, g, n = result["figures"], result["goals"], result["n"]
    ok = {True: "met", False: "**missed**"}
    rows = [("Load a CSV (dates parsed, FTS built)", f"{f['load']['frontline_s']:.1f} s",
             f"sqlite-utils insert --csv: {f['load']['sqlite_utils_s']:.1f} s", f"ratio {f['load']['ratio']:.2f}",
             g["load_ratio"]["goal"], ok[g["load_ratio"]["met"]])]  # fmt: skip
    fs = f["first_screen"]
    rows.append(("First screen (app start to rows painted), median", f"{fs['large_ms']['p50']:.0f} ms",
                 f"built-in data: {fs['small_ms']['p50']:.0f} ms", f"ratio {fs['ratio']:.2f}",
                 g["first_screen_ratio"]["goal"], ok[g["first_screen_ratio"]["met"]]))  # fmt: skip
    for key, label in (("down", "Down"), ("pagedown", "PageDown"), ("end", "End")):
        peer = f["keys_small"].get(key, {}).get("top", {}).get("frame_ms")
        for where, stats in f["keys"][key].items():
            frame = stats["frame_ms"]
            rows.append((f"{label}, key to frame, at the {where}", f"p50 {frame['p50']:.1f} / p99 {frame['p99']:.1f} ms",
                         f"built-in: p50 {peer['p50']:.1f} / p99 {peer['p99']:.1f} ms" if peer and where == "top" else "",
                         f"n = {frame['n']}", "p50 <= 8, p99 <= 16", ok[frame["p50"] <= 8 and frame["p99"] <= 16]))  # fmt: skip
    cold = fs["end_cold_ms"]
    rows.append(("End, the first after opening", f"p50 {cold['p50']:.1f} / p99 {cold['p99']:.1f} ms", "", f"n = {cold['n']}",
                 "p50 <= 8, p99 <= 16", ok[cold["p50"] <= 8 and cold["p99"] <= 16]))  # fmt: skip
    rows.append(("Keys: the end against the top (p50)", "", "", f"{g['key_end_vs_top']['value']:.2f}x",
                 g["key_end_vs_top"]["goal"], ok[g["key_end_vs_top"]["met"]]))  # fmt: skip
    s = f["search"]
    for name, key, label in (
        ("search_p95_ms", "from_top_ms", "from the top"),
        ("search_from_date_p95_ms", "from_date_ms", "from a date"),
    ):
        rows.append((f"Search, first page with the exact count, {label} ({s['queries']} queries)",
                     f"p50 {s[key]['p50']:.1f} / p95 {s[key]['p95']:.1f} ms", "", f"max {s[key]['max']:.0f} ms",
                     f"p95 {g[name]['goal']} ms", ok[g[name]["met"]]))  # fmt: skip
    for key, label in (("from_top_bounded_ms", "from the top"), ("from_date_bounded_ms", "from a date")):
        rows.append((f"Search, first page with the count read up to 10,000, {label}",
                     f"p50 {s[key]['p50']:.1f} / p95 {s[key]['p95']:.1f} ms", "", f"max {s[key]['max']:.0f} ms", "", ""))  # fmt: skip
    m = f["memory"]
    rows.append(("Peak memory, open and scrolled", f"{m['large_mb']:.0f} MB", f"built-in data: {m['small_mb']:.0f} MB",
                 f"ratio {m['ratio']:.2f}", g["memory_ratio"]["goal"], ok[g["memory_ratio"]["met"]]))  # fmt: skip
    rows.append(("Free-text dates parsed, every cache missed", f"{f['dates']['per_s']:,}/s", "", f"{f['dates']['strings']:,} strings",
                 f">= {GOALS['dates_per_s'][1]:,.0f}/s", ok[g["dates_per_s"]["met"]]))  # fmt: skip
    head = ("Measure", f"{n:,} events", "Peer, same run", "Figure", "Goal", "")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="frontline's performance benchmark")
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic events to generate")
    parser.add_argument("--out", type=Path, help="write the figures here as JSON")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--runs", type=int, default=15, help="app starts per database for the first screen")
    parser.add_argument("--reps", type=int, nargs=3, default=(200, 100, 30), metavar=("DOWN", "PAGEDOWN", "END"),
                        help="key presses per position")  # fmt: skip
    parser.add_argument("--dates", type=int, default=200_000, help="distinct date strings to parse")
    parser.add_argument("--memory-runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where the CSV and databases go (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--markdown", type=Path, metavar="RESULTS", help="print a results file as a Markdown table and stop"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())))
        return 0
    if args.child:
        kind, *rest = args.child
        if kind == "tui":
            large, small, runs, *reps = rest
            keys = dict(zip(("down", "pagedown", "end"), map(int, reps), strict=False))
            found = asyncio.run(tui_child(Path(large), Path(small), int(runs), keys))
        else:
            found = asyncio.run(memory_child(Path(rest[0])))
        args.child_out.write_text(json.dumps(found))
        return 0
    result = run(args)
    from rich.console import Console

    Console(width=None if sys.stdout.isatty() else 160).print(table(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
