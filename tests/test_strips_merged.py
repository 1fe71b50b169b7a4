"""Lines drawn in fewer segments (tui/strips.py `merged`) look exactly the same in every cell."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style

from frontline.tui.strips import merged

BG = "grey11"
TEXT = Style(color="grey93", bgcolor=BG)
MUTED = Style(color="grey50", bgcolor=BG)
BOLD = Style(color="steel_blue", bgcolor=BG, bold=True)


def cells(segments: list[Segment]) -> list[tuple[str, object]]:
    """What each cell shows: its character, and the style where that can be seen (a space's colour cannot)."""
    out: list[tuple[str, object]] = []
    for text, style, _ in segments:
        for char in text:
            shows = char != " " or (style is not None and (style.reverse or style.underline or style.strike))
            out.append((char, style if shows else (style.bgcolor if style else None)))
    return out


def test_neighbours_of_one_style_join() -> None:
    line = [Segment("a", TEXT), Segment("b", TEXT), Segment("c", BOLD), Segment("d", TEXT)]
    assert merged(line) == [Segment("ab", TEXT), Segment("c", BOLD), Segment("d", TEXT)]


def test_spaces_join_the_segment_before_them_when_their_colour_cannot_show() -> None:
    line = [
        Segment("2016", MUTED),
        Segment("   ", TEXT),
        Segment("D", BOLD),
        Segment(" ", TEXT),
        Segment("Ankara", TEXT),
    ]
    out = merged(line)
    assert cells(out) == cells(line)
    assert [s.text for s in out] == ["2016   ", "D ", "Ankara"]


def test_spaces_that_show_keep_their_own_style() -> None:
    other_bg = Style(color="grey93", bgcolor="dark_red")
    for spaces in (
        Style(color="grey93", bgcolor=BG, underline=True),
        Style(color="grey93", bgcolor=BG, reverse=True),
        other_bg,
    ):
        line = [Segment("word", TEXT), Segment("  ", spaces), Segment("x", TEXT)]
        assert merged(line) == line, spaces
    underlined = Style(color="grey93", bgcolor=BG, underline=True)
    line = [Segment("link", underlined), Segment(" ", TEXT)]
    assert merged(line) == line  # nor may a space join an underlined word: the underline would run on


def test_control_segments_are_left_alone() -> None:
    control = Segment("", None, [(1,)])  # type: ignore[list-item]  a Rich control code, as in a cursor move
    line = [Segment("a", TEXT), control, Segment("b", TEXT)]
    assert merged(line) == line
