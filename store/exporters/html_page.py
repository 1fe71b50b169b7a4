"""The briefing as one standalone web page: no script, no font or image from the network, styles
inline and ready to print (an event never splits across pages). Every text from a file is escaped;
only http and https addresses become links.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import IO, Any

from frontline.store.exporters import ExportInfo
from frontline.store.exporters.briefing import Briefing, facts, figures, gather, web_address, when

STYLE = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #111; background: #fff; }
h1 { font-size: 1.7em; margin-bottom: .2em; } h2 { border-bottom: 1px solid #999; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .3em; } .meta { color: #444; margin: 0; }
.event { break-inside: avoid; page-break-inside: avoid; } .facts { margin: .2em 0; color: #333; }
.note { border-left: 3px solid #b60; padding-left: .6em; color: #5a3300; } ul.sources { margin-top: .2em; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; } a { color: #0645ad; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } a { color: #000; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
  h2 { break-after: avoid; page-break-after: avoid; } }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _lines(text: str) -> str:
    return "<br>".join(_e(line) for line in text.splitlines())


def source_item(source: Mapping[str, Any]) -> str:
    name, url = source.get("name"), web_address(source.get("url"))
    label = _e(name or url or "source")
    return f'<li><a href="{_e(url)}">{label}</a></li>' if url else f"<li>{label}</li>"


def entry(record: Mapping[str, Any]) -> list[str]:
    lines = ['<section class="event">', f"<h3>{_e(when(record))}: {_e(record['title'])}</h3>"]
    told = [f"<b>{label}:</b> {_e(text)}" for label, text in facts(record)]
    if told:
        lines.append(f'<p class="facts">{" · ".join(told)}</p>')
    if record["summary"]:
        lines.append(f"<p>{_lines(record['summary'])}</p>")
    if record["notes"]:
        lines.append(f'<p class="note"><b>Note:</b> {_lines(record["notes"])}</p>')
    if record.get("user_note"):
        lines.append(f'<p class="note"><b>Analyst\'s note:</b> {_lines(record["user_note"])}</p>')
    if record["sources"]:
        lines.append('<ul class="sources">' + "".join(source_item(s) for s in record["sources"]) + "</ul>")
    lines.append("</section>")
    return lines


def render(brief: Briefing) -> list[str]:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(brief.title)}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{_e(brief.title)}</h1>",
        f'<p class="meta"><b>Range:</b> {_e(brief.range)}</p>',
        f'<p class="meta"><b>Query:</b> <code>{_e(brief.query)}</code></p></header>',
        f'<h2>Summary</h2><p class="summary">{_e(brief.summary)}</p>',
    ]
    if brief.running_totals:
        lines.append("<p>Running totals (tallies reported at the time; not added to the sums above):</p><ul>")
        lines += [f"<li>{_e(when(r))}: {_e(r['title'])}: {_e(figures(r))}</li>" for r in brief.running_totals]
        lines.append("</ul>")
    if brief.eras:
        lines.append("<p>Eras in this range:</p><ul>")
        lines += [f"<li>{_e(title)}: {_e(span)}</li>" for title, span in brief.eras]
        lines.append("</ul>")
    for group, records in brief.sections:
        lines.append(f"<h2>{_e(group)}</h2>")
        for record in records:
            lines += entry(record)
    lines.append("</body></html>")
    return lines


def write(
    records: Iterable[Mapping[str, Any]], out: IO[str], eras: Iterable[Mapping[str, Any]] = (),
    info: ExportInfo | None = None,
) -> int:  # fmt: skip
    """The page; returns the number of events."""
    brief = gather(records, info, eras)
    out.write("\n".join(render(brief)) + "\n")
    return brief.events
