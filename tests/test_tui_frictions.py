"""What a new user met first: the theme forgotten, the screenshot lost, the footer cut, the links dead."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel
from tui_helpers import settle

from frontline.store.load import load_records
from frontline.tui.app import FrontlineApp
from frontline.tui.config import config_path, save_theme, saved_theme
from frontline.tui.detail import DetailPane, event_content


def test_the_config_file_keeps_the_theme_and_other_settings(tmp_path: Path):
    path = tmp_path / "deep" / "config.toml"
    assert saved_theme(path) is None  # no file yet
    path.parent.mkdir()
    path.write_text('editor = "vim"\ntheme = "nord"\n', encoding="utf-8")
    save_theme("dracula", path)
    assert saved_theme(path) == "dracula"
    assert 'editor = "vim"' in path.read_text(encoding="utf-8")  # a setting of someone else's stays
    path.write_text("theme = [unclosed", encoding="utf-8")
    assert saved_theme(path) is None  # a broken file is ignored, not fatal


def test_the_config_lives_in_the_user_config_dir(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "frontline" / "config.toml"


async def test_a_theme_chosen_in_the_palette_is_there_at_the_next_launch(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark" and saved_theme() is None  # launching writes nothing
        app.theme = "gruvbox"  # what the palette's "Switch theme…" does
        await settle(pilot)
    assert saved_theme() == "gruvbox"
    again = FrontlineApp(builtin_db)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


async def test_the_theme_option_holds_for_one_run_only(builtin_db: Path):
    save_theme("nord")
    app = FrontlineApp(builtin_db, theme="solarized-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "solarized-light"
    assert saved_theme() == "nord"


async def test_a_screenshot_without_a_downloads_folder_lands_here_and_says_where(
    builtin_db: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "no Downloads here"))
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.deliver_screenshot()  # what the palette's "Screenshot" does
        for _ in range(50):  # the file is written by a worker thread
            await pilot.pause(0.05)
            if list(here.glob("*.svg")) and app._notifications:
                break
        (saved,) = here.glob("*.svg")
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        notices = [n.message for n in app._notifications]
        assert f"Screenshot saved to {saved}" in notices
        assert not (tmp_path / "no Downloads here").exists()


async def test_a_screenshot_goes_to_downloads_when_there_is_one(builtin_db: Path, tmp_path: Path, monkeypatch):
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(downloads))
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(100, 30)):
        assert app.screenshot_folder() == downloads


def _footer_fits(app: FrontlineApp) -> list[str]:
    """The footer's hints that are cut or off the screen (none, when the footer fits)."""
    footer = app.query_one(Footer)
    cut = []
    for item in [*footer.query(FooterKey), *footer.query(FooterLabel)]:
        region = item.region
        natural = item.get_content_width(app.size, app.size) + item.styles.gutter.width
        if region.right > footer.region.right or region.width < natural:
            cut.append(getattr(item, "description", "") or str(item.render()))
    return cut


async def test_at_80_columns_the_footer_shows_whole_hints(builtin_db: Path):
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        assert _footer_fits(app) == []
        assert any(key.description == "Quit" for key in app.query_one(Footer).query(FooterKey))
        app.start_search("airstrike")  # n/N join the footer with a search
        await settle(pilot, rounds=2)
        assert app.search is not None
        footer = app.query_one(Footer)
        for _ in range(20):  # the footer is composed anew for the new keys, and laid out a frame later
            if any(key.key == "n" and key.region.width for key in footer.query(FooterKey)):
                break
            await pilot.pause()
        await pilot.pause()
        assert any(key.key == "n" for key in footer.query(FooterKey))
        assert _footer_fits(app) == []


async def test_n_and_n_join_the_footer_when_the_typed_search_is_kept(builtin_db: Path):
    """While a search is typed the keys go into the box: the footer is not laid out anew for n/N under each
    first keystroke; Enter (the box closes) shows them."""
    app = FrontlineApp(builtin_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        await pilot.press("slash")
        await settle(pilot)
        composed: list[int] = []
        original = footer.recompose

        async def recompose() -> None:
            composed.append(1)
            await original()

        footer.recompose = recompose  # type: ignore[method-assign]  # counts the footer's layouts
        await pilot.press(*"saraqib")
        await settle(pilot, rounds=2)
        assert app.search is not None and composed == []
        await pilot.press("enter")
        await settle(pilot, rounds=2)
        for _ in range(20):  # composed anew, then laid out a frame later
            if any(key.key == "n" for key in footer.query(FooterKey)):
                break
            await pilot.pause()
        assert any(key.key == "n" for key in footer.query(FooterKey))


def _link_spans(content) -> dict[str, str]:
    """Text that is a link, by the URL it opens."""
    return {
        content.plain[span.start : span.end]: span.style.link
        for span in content.spans
        if getattr(span.style, "link", None)
    }


def test_source_urls_and_addresses_in_the_text_are_links(tmp_path: Path):
    db = tmp_path / "links.db"
    url = "https://www.bbc.co.uk/news/world-middle-east-13812882"
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Recaptured",
                       "summary": "Reported at https://example.org/report. Then more.",
                       "sources": [{"name": "BBC News", "url": url}, {"url": "https://example.com/only-a-url"}]}])  # fmt: skip
    from frontline.store.query import Timeline

    event = Timeline(db).event(0)
    content = event_content(event, width=70)
    links = _link_spans(content)
    assert links[url] == url
    assert links["https://example.com/only-a-url"] == "https://example.com/only-a-url"
    assert links["https://example.org/report"] == "https://example.org/report"  # the full stop is not in it
    lines = content.plain.splitlines()
    assert any(line.strip() == url for line in lines)  # on a line of its own, under its outlet
    narrow = event_content(event, width=56)  # the URL fits a line only from its first column
    wrapped = [line for line in narrow.wrap(56)]
    assert any(line.plain == url for line in wrapped), [line.plain for line in wrapped]


def test_a_url_longer_than_a_line_and_a_long_source_name_hang_under_the_name(tmp_path: Path):
    """Pieces of a URL too long for a line, and the lines of a long outlet and headline, start under the
    name's first letter, not at the pane's edge; each piece opens the whole URL."""
    db = tmp_path / "long.db"
    url = "https://example.org/app/noticia/internacional/2011/06/10/interna_internacional,233260/forcas-de.shtml"
    name = "Brockhaus Enzyklopädie: Syrischer Bürgerkrieg, a long entry on the war and its sides"
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "T", "sources": [{"name": name, "url": url}]}])
    from frontline.store.query import Timeline

    width = 50
    wrapped = event_content(Timeline(db).event(0), width=width).wrap(width)
    first = next(i for i, line in enumerate(wrapped) if line.plain.startswith(" 1. Brockhaus"))
    pieces = [(i, links) for i, line in enumerate(wrapped) if (links := _link_spans(line))]
    assert [url for _, links in pieces for url in links.values()] == [url] * len(pieces) and len(pieces) > 1
    assert "".join(text for _, links in pieces for text in links) == url  # the pieces, in order, are the URL
    for n, (i, _) in enumerate(pieces):  # each under the name's first letter, the first with the URL's start
        line = wrapped[i].plain
        assert line.startswith("    https://" if n == 0 else "    ") and line[4] != " " and len(line) <= width, line
    for line in wrapped[first + 1 : pieces[0][0]]:  # the name's further lines
        assert line.plain.startswith("    ") and line.plain[4] != " ", line.plain


async def test_a_click_on_a_link_opens_it(tmp_path: Path, monkeypatch):
    db = tmp_path / "links.db"
    url = "https://example.org/a"  # short enough for one line of the pane
    load_records(db, [{"id": "e1", "date": "2020-01-29", "title": "Recaptured",
                       "sources": [{"name": "BBC News", "url": url}]}])  # fmt: skip
    app = FrontlineApp(db)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda link, **kwargs: opened.append(link))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        detail = app.query_one(DetailPane)
        lines = [strip.text for strip in detail._lines]
        row = next(i for i, line in enumerate(lines) if url in line)
        column = lines[row].index(url) + 3
        await pilot.click(DetailPane, offset=(column + detail.gutter.left, row + detail.gutter.top))
        await settle(pilot)
        assert opened == [url]
        opened.clear()
        title_row = next(i for i, line in enumerate(lines) if "Recaptured" in line)
        await pilot.click(DetailPane, offset=(detail.gutter.left + 2, title_row + detail.gutter.top))
        await settle(pilot)
        assert opened == []  # text that is not a link opens nothing


def test_the_tests_never_touch_the_real_config_dir():
    assert os.environ["XDG_CONFIG_HOME"] != str(Path.home() / ".config")
