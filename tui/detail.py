"""The detail pane: everything known about the event under the cursor, scrollable."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle

from frontline.tui.detail_ahead import DetailAhead, Drawing
from frontline.tui.detail_yours import LABEL_WIDTH, label, yours
from frontline.tui.eras import EraBands
from frontline.tui.linked import also_reported
from frontline.tui.marks import MARK, MarkBook
from frontline.tui.strips import StripMaker
from frontline.tui.text import category_mark, category_name, clean
from frontline.tui.thumb_scrollbar import ThumbScrolled

if TYPE_CHECKING:
    from frontline.store.links import Linked, Links
    from frontline.store.query import Event

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _coords(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return ""
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.4f}°{ns} {abs(lon):.4f}°{ew}"


SOURCE_INDENT = 4
"""Columns before a source's name and its URL: under the name, clear of its number (' 1. ')."""


def link(url: str, shown: str | None = None) -> Content:
    """A URL that opens in the browser when clicked (and in terminals that follow links, on their click);
    `shown`: the piece of it this line shows."""
    return Content(url if shown is None else shown).stylize(".detail--url").stylize(VisualStyle(link=url))


def linked(content: Content) -> Content:
    """Content with every web address in it made a link."""
    for match in URL.finditer(content.plain):
        content = content.stylize(VisualStyle(link=match.group()), match.start(), match.end())
    return content


def figures(event: Event) -> list[str]:
    """The figures spelled out; running totals are labelled as totals, never as incident tolls."""
    lines = []
    kind = "a tally, overlapping other events: never added up" if event.running_total else "in this event"
    if event.fatalities is not None:
        lines.append(f"{event.fatalities:,} killed ({kind})")
    if event.displaced is not None:
        lines.append(f"{event.displaced:,} displaced ({kind})")
    return lines


def _also(text: object, prefix: str = "") -> tuple[Content, ...]:
    """A muted aside after a value: the gazetteer's name for a place, the source's term for a category."""
    if not isinstance(text, str) or not text:
        return ()
    return (Content(f" ({prefix}{clean(text, True)})").stylize(".detail--muted"),)


def event_content(
    event: Event, pattern: re.Pattern[str] | None = None, of: int | None = None, width: int = 60,
    *, marked: bool = False, eras: list[Content] | None = None, also: Content | None = None,
) -> Content:  # fmt: skip
    """The whole detail of one event as Content: data is never parsed as markup."""

    def hang(value: Content) -> Content:
        """Wrap a labelled value so its continuation lines start under the value, not the label."""
        if width <= LABEL_WIDTH + 10:
            return value
        lines = value.wrap(width - LABEL_WIDTH)
        return Content("\n" + " " * LABEL_WIDTH).join(line.rstrip() for line in lines)

    def data(text: str, single_line: bool = False, style: str = "") -> Content:
        content = Content(clean(text, single_line=single_line))
        if style:
            content = content.stylize(style)
        if pattern is not None:
            content = content.highlight_regex(pattern, style=".detail--match")
        return content

    parts: list[Content] = [data(event.title or "(untitled)", True, ".detail--title"), Content("\n")]
    if marked:
        parts.insert(0, Content(f"{MARK} ").stylize(".detail--marked"))
    when = event.date_long
    parts += [Content(clean(when, True)).stylize(".detail--date"), Content("\n")]
    if event.hidden:  # shown only because hidden events are (V)
        parts += [
            Content("⊘ Hidden by you: d restores it, V leaves hidden events out").stylize(".detail--muted"),
            Content("\n"),
        ]
    if event.notes:
        parts += [Content("\n"), label("Note"), hang(linked(data(event.notes))), Content("\n")]
    parts.append(Content("\n"))

    where = ", ".join(clean(p, True) for p in (event.place, event.admin1) if p)
    rows: list[tuple[str, Content]] = []
    if where:  # as the source spelt it; the canonical place beside it when that is another spelling
        canonical = event.place_id if event.place_id and event.place_id != event.place else None
        rows.append(("Place", Content.assemble(data(where), *_also(canonical))))
    named = [p.get("name") for p in event.extra.get("places") or [] if isinstance(p, dict) and p.get("name")]
    if len(named) > 1:  # an article's sentence that names several places the gazetteer knows
        rows.append(("Names", data(", ".join(str(n) for n in named), True)))
    if coords := _coords(event.lat, event.lon):
        rows.append(("" if where else "Place", Content(coords).stylize(".detail--muted")))
    if event.actors:
        rows.append(("Actors", Content("; ").join(data(actor, True) for actor in event.actors)))
    glyph, style = category_mark(event.category)
    source_kind = event.extra.get("source_category")
    rows.append(
        (
            "Category",
            Content.assemble((glyph, style), " ", category_name(event.category), *_also(source_kind, "source: ")),
        )
    )
    for index, line in enumerate(figures(event)):
        style = ".detail--total" if event.running_total else ".detail--toll"
        rows.append(("Figures" if index == 0 else "", Content(line).stylize(style)))
    rows += [("Eras" if index == 0 else "", line) for index, line in enumerate(eras or [])]
    for name, value in rows:
        parts += [label(name), hang(value), Content("\n")]

    if event.summary:
        parts += [Content("\n"), linked(data(event.summary)), Content("\n")]

    parts += yours(event, data, hang)

    if event.sources:
        parts += [Content("\n"), Content("Sources").stylize(".detail--heading"), Content("\n")]
        for number, source in enumerate(event.sources, 1):
            name = clean(str(source.get("name") or ""), True)
            if source.get("date") or source.get("headline"):  # an article: outlet, date: headline
                dated = ", ".join(str(p) for p in (source.get("name"), source.get("date")) if p)
                name = clean(f"{dated}: {source['headline']}" if source.get("headline") else dated, True)
            url = clean(str(source.get("url") or ""), True)
            parts.append(Content(f"{number:>2}. ").stylize(".detail--muted"))
            room = max(width - SOURCE_INDENT, 10)
            if name:  # its lines hang under the name, clear of the number
                parts.append(Content("\n" + " " * SOURCE_INDENT).join(linked(data(name, True)).wrap(room)))
            if url:
                # A URL starts a line of its own, under the name; one that fits a whole line only starts it
                # (never broken where a line would hold it), and one longer goes on in pieces under its start.
                indent = "\n" + " " * SOURCE_INDENT
                if room < len(url) <= width:
                    parts += [Content("\n"), link(url)]
                else:
                    pieces = [link(url, url[at : at + room]) for at in range(0, len(url), room)]
                    parts += [Content(indent if name else ""), Content(indent).join(pieces)]
            parts.append(Content("\n"))

    if also is not None:
        parts.append(also)
    footer = f"dataset {clean(event.dataset or '?', True)} · id {clean(str(event.id), True)}"
    if of is not None:
        footer += f" · event {event.pos + 1:,} of {of:,}"
    parts += [Content("\n"), Content(footer).stylize(".detail--muted")]
    return Content("").join(parts)


class DetailPane(ThumbScrolled, can_focus=True):
    """Shows one event; the app sets it with `show()` (attributes down, no reaching sideways).

    A Line-API view like the timeline: a new event re-wraps its text and repaints this pane only,
    so moving the cursor never makes the screen lay itself out again.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--title",
        "detail--date",
        "detail--label",
        "detail--muted",
        "detail--heading",
        "detail--url",
        "detail--toll",
        "detail--total",
        "detail--match",
        "detail--marked",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.switch_pane", "Timeline", id="detail.switch_pane"),
        Binding("j", "scroll_down", "Scroll down", id="detail.down.vim", show=False),
        Binding("k", "scroll_up", "Scroll up", id="detail.up.vim", show=False),
        Binding("g", "scroll_home", "Top", id="detail.top.vim", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail.bottom.vim", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.event: Event | None = None
        self._shown: tuple[re.Pattern[str] | None, int | None] = (None, None)
        self.content = Content("Loading…")
        self._lines: list[Strip] = []
        self._blank: Strip | None = None
        self._maker = StripMaker(self)
        self._eras = EraBands([])
        self.marks = MarkBook()
        """Which events are marked: the timeline's book, handed down by the app."""
        self.links: Links | None = None  # where an event's linked reports are read (set by the app); None: not shown
        self.linked: Linked | None = None
        self._ahead = DetailAhead(
            self._draw_ahead, self._key_of, self.call_after_refresh, self.call_later, self._style_first_screen
        )

    @property
    def eras(self) -> EraBands:
        """The dataset's eras, to list the ones an event falls in (set by the app)."""
        return self._eras

    @eras.setter
    def eras(self, eras: EraBands) -> None:
        self._eras = eras
        self._ahead.clear()

    @property
    def text(self) -> str:
        """What the pane says, as plain text (before wrapping)."""
        return self.content.plain

    def show(self, event: Event | None, pattern: re.Pattern[str] | None = None, of: int | None = None) -> None:
        """Show an event (None: its row is still loading), highlighting search terms."""
        moved = event is not None and (self.event is None or event.id != self.event.id)
        if moved:
            self.scroll_to(y=0, animate=False)
        if self._shown != (pattern, of):
            self._ahead.clear()  # drawn for another search or count
        self.event, self._shown = event, (pattern, of)
        if event is not None and moved and self._ahead.get(event) is None:
            self._read_links()
        self._render_event()

    def show_ahead(self, events: list[Event | None]) -> None:
        """Draw these events once the frame is out: those the next key may show (see `DetailAhead`)."""
        self._ahead.ahead(events)

    def reload_links(self) -> None:
        """Read the reports linked to the event shown again (a link was decided), and show them under it."""
        self._ahead.clear()
        self._read_links()
        self._render_event()

    def _read_links(self) -> None:
        """Read the event's links on this thread: a few index lookups (0.01 ms at a million events), so the
        reports linked to it are drawn in the cursor's own frame, not in a second one after a worker."""
        if self.links is not None and self.event is not None:
            self.linked = self.links.linked(self.event)

    def _key_of(self, event: Event) -> tuple[object, ...]:
        return (id(event), self.scrollable_content_region.width, event.id in self.marks)

    def _draw(self, event: Event, linked: Linked | None = None, *, read_links: bool = True) -> Drawing:
        """The event's Content and its lines at the pane's width, with its linked reports (read here
        unless `linked` is given)."""
        if read_links and self.links is not None:
            linked = self.links.linked(event)
        width = self.scrollable_content_region.width
        eras = self.eras.lines(event.date_start, event.date_end)
        also = also_reported(linked) if linked is not None and linked.event.id == event.id else None
        marked = event.id in self.marks
        content = event_content(event, *self._shown, width or 60, marked=marked, eras=eras, also=also)
        return Drawing(event, linked, content, self._maker.lines(content, width, self.visual_style) if width else [])

    def _draw_ahead(self, event: Event) -> Drawing | None:
        """An event the next key may show, drawn and its first screen styled (None: no width yet)."""
        if not self.scrollable_content_region.width:
            return None
        drawing = self._draw(event)
        self._style_first_screen(drawing)
        return drawing

    def _style_first_screen(self, drawing: Drawing) -> None:
        """Style the lines a drawing shows first (kept styled while the next keys may show it)."""
        height = self.scrollable_content_region.height
        for line in drawing.lines[:height] if len(drawing.lines) >= height else [*drawing.lines, self._blank_line()]:
            self.style_ahead(line)  # a short event's screen ends in blank lines

    def _render_event(self) -> None:
        width = self.scrollable_content_region.width
        event = self.event
        if event is None:
            empty = self._shown[1] == 0  # a view with no events: the filters leave nothing
            self.content = Content("No events in this view." if empty else "Loading…").stylize(".detail--muted")
            lines = self._maker.lines(self.content, width, self.visual_style) if width else []
        elif not width:
            self.content = self._draw(event, self.linked, read_links=False).content
        else:
            drawing = self._ahead.get(event)
            if drawing is None:
                drawing = self._draw(event, self.linked, read_links=False)
                self._ahead.put(drawing)
            self.linked, self.content, lines = drawing.linked, drawing.content, drawing.lines
        if not width:
            self.refresh()
            return
        old, self._lines = self._lines, lines
        # Whole pane-heights: most events leave the size as it was, so moving the cursor repaints this
        # pane without laying out the screen again (a layout, and the scrollbars after it, are a frame
        # of their own). The price: a long event scrolls on into blank lines to the end of its last page.
        height = max(self.scrollable_content_region.height, 1)
        self._set_virtual_size(Size(width, -(-max(len(self._lines), 1) // height) * height), height)
        # Only the lines that differ are drawn again (labels, blank lines and the footer often stay), a run of
        # them as one region (`run`: its first line): a line each cost 50 us, 1.5 ms for a whole new article.
        top, lines, run = int(self.scroll_y), self._lines, None
        end = top + self.scrollable_content_region.height
        for y in range(top, end + 1):
            changed = y < end and (old[y] if y < len(old) else None) != (lines[y] if y < len(lines) else None)
            if changed and run is None:
                run = y
            elif run is not None and not changed:
                self.refresh_lines(run, y - run)
                run = None

    def _set_virtual_size(self, size: Size, height: int) -> None:
        """Another event's length changes only the scrollbar's thumb (the bar is always shown), so the screen
        is not laid out again: a layout, then the scrollbar drawn a frame after it, cost the built-in data's
        long articles 10-20 ms a key. A new width (a resize) is laid out as ever."""
        old = self.virtual_size
        if size == old:
            return
        if size.width == old.width and self.is_mounted:  # the bar is always shown (app.tcss): only its thumb moves
            self.set_reactive(DetailPane.virtual_size, size)
            self._scroll_update(size)  # the thumb, drawn in this frame
        else:
            self.virtual_size = size

    def on_resize(self) -> None:
        self._render_event()

    def on_click(self, event: events.Click) -> None:
        """A click on a link opens it in the browser."""
        if url := event.style.link:
            event.stop()
            self.app.open_url(url)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._maker.clear()
        self._ahead.clear()
        self._blank = None
        if self.is_mounted:
            self.call_later(self._render_event)

    def render_line(self, y: int) -> Strip:
        top, width = self.line_place()
        index = top + y
        if 0 <= index < len(self._lines) and (line := self._lines[index]).cell_length == width:
            return line  # made at this width already: the common case, without asking for the style
        if 0 <= index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self.rich_style)
        return self._blank_line()

    def _blank_line(self) -> Strip:
        width = self.line_place()[1]
        if self._blank is None or self._blank.cell_length != width:
            self._blank = Strip.blank(width, self.rich_style)  # a walk up the DOM: kept until the style changes
        return self._blank
