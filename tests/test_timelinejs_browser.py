"""A TimelineJS export, loaded into TimelineJS itself in headless Chromium: the slides a reader sees.

TimelineJS's JS and CSS come from its npm package (`@knight-lab/timelinejs`, installed into a cache
outside the repository: $FRONTLINE_TIMELINEJS, else ~/.cache/frontline-test/timelinejs) and are
served from this machine by a Python http.server; Chromium is the system's (`apt-get install
chromium`). `.ci/run` installs both; the test is skipped, saying which is missing, only when
neither the cache nor npm can supply them.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from frontline.store.export import export
from frontline.store.load import load_records
from frontline.store.selection import select

PACKAGE = "@knight-lab/timelinejs"
CACHE = Path(os.environ.get("FRONTLINE_TIMELINEJS", Path.home() / ".cache" / "frontline-test" / "timelinejs"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>export</title>
<link rel="stylesheet" href="tl/css/timeline.css"><script src="tl/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 1000px; height: 700px"></div>
<script>fetch("data.json").then(r => r.json()).then(d => { new TL.Timeline("timeline-embed", d); });</script>
</body></html>"""


def timelinejs_dist() -> Path:
    dist = CACHE / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
    if not (dist / "js" / "timeline.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(f"TimelineJS is not in {CACHE} and there is no npm to install {PACKAGE}")
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", PACKAGE],
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        if done.returncode != 0 or not (dist / "js" / "timeline.js").exists():
            pytest.skip(f"npm could not install {PACKAGE}: {done.stderr.strip()[-200:]}")
    return dist


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("no Chromium on this machine (apt-get install -y chromium)")


class Slides(HTMLParser):
    """The text of each `.tl-slide` in TimelineJS's DOM, and the links in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.slides: list[dict] = []
        self.depth = 0  # open elements inside the current slide

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            if tag == "a":
                self.slides[-1]["links"].append(dict(attrs).get("href"))
            if "tl-headline-date" in classes:
                self.slides[-1]["in"] = "date"
            elif "tl-headline" in classes:
                self.slides[-1]["in"] = "headline"
        elif tag == "div" and "tl-slide" in classes:
            self.slides.append({"title": "tl-slide-titleslide" in classes, "text": "", "links": [], "date": "",
                                "headline": "", "in": None})  # fmt: skip
            self.depth = 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if self.depth and tag in ("br", "img", "hr"):
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.slides[-1]["in"] = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.slides[-1]["text"] += data
            if self.slides[-1]["in"]:
                self.slides[-1][self.slides[-1]["in"]] += data


def rendered(tmp_path: Path, document: str) -> tuple[list[dict], str]:
    """Serve TimelineJS and the export from here, let Chromium render it, and read the slides back."""
    (tmp_path / "tl").symlink_to(timelinejs_dist(), target_is_directory=True)
    (tmp_path / "data.json").write_text(document, encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    browser = chromium()
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        done = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                               "--virtual-time-budget=15000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-500:]
    parser = Slides()
    parser.feed(done.stdout)
    return parser.slides, done.stdout


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


RECORDS = [
    {"id": "y602", "date": "602", "title": "War of 602", "summary": "An old war.", "category": "Battles",
     "sources": [{"name": "Chronicle of 602", "url": None}], "dataset": "hist"},
    {"id": "m", "date": "2019-12", "title": 'Month <b>bold</b> & "quoted"', "summary": "A month.",
     "place": "Kafr Nabl", "admin1": "Idlib", "fatalities": 12, "displaced": 3000, "category": "battle",
     "sources": [{"name": "A & B <news>", "url": "https://example.org/?a=1&b=2"}],
     "notes": "Sources disagree: <i>12</i> or 14.", "dataset": "hist"},
    {"id": "x", "date": "2020-01-29", "title": "<script>document.title='pwned'</script>", "summary": "",
     "sources": [{"name": "AFP", "url": "https://example.org/afp"}, {"name": "SOHR", "url": None}],
     "dataset": "hist"},
]  # fmt: skip


def test_every_slide_shows_its_source_in_timelinejs(tmp_path):
    db = tmp_path / "small.db"
    load_records(db, RECORDS)
    out = io.StringIO()
    export(db, "timelinejs", out, title="Briefing <draft>")
    (tmp_path / "site").mkdir()
    slides, dom = rendered(tmp_path / "site", out.getvalue())
    events = [s for s in slides if not s["title"]]
    assert len(events) == 3 and sum(s["title"] for s in slides) == 1
    by_id = {r["id"]: next(s for s in events if s["headline"] == r["title"]) for r in RECORDS}  # shown as written
    for ident, slide in by_id.items():
        record = next(r for r in RECORDS if r["id"] == ident)
        assert "Sources:" in slide["text"]
        for source in record["sources"]:
            assert source["name"] in slide["text"], (ident, slide["text"])
            if source["url"]:
                assert source["url"] in slide["links"]
    month = by_id["m"]["text"]
    assert "Place: Kafr Nabl, Idlib" in month and "12 killed, 3,000 displaced" in month
    assert "Note: Sources disagree: <i>12</i> or 14." in month
    assert "<title>export</title>" in dom  # the script in a title was shown, never run
    assert by_id["y602"]["date"].strip() == "602" and by_id["m"]["date"].strip() == "December 2019"
    title = next(s for s in slides if s["title"])
    assert "Briefing <draft>" in title["text"] and "3 events" in title["text"]


def test_the_builtin_export_reads_as_published(tmp_path, builtin_db):
    out = io.StringIO()
    export(builtin_db, "timelinejs", out, select("after:2020-01-20"))
    document = json.loads(out.getvalue())
    assert {e["group"] for e in document["events"]} <= {"Battle", "Capture", "Airstrike", "Displacement", "Diplomacy",
                                                      "Political", "Massacre", "Toll", "Heritage", "Chemical attack"}  # fmt: skip
    (tmp_path / "site").mkdir()
    slides, _ = rendered(tmp_path / "site", out.getvalue())
    events = [s for s in slides if not s["title"]]
    assert len(events) == len(document["events"]) > 10
    assert all("Sources:" in s["text"] for s in events)
    title = next(s for s in slides if s["title"])
    assert "Maarat al-Numan and Idlib, 2011–2020" in title["text"] and "after:2020-01-20" in title["text"]
