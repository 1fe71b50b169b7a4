"""HTML as the plain text a reader sees, for TimelineJS headlines and slide text.

Tags are dropped and entities decoded (the stdlib `html.parser`); `<br>` and block ends become line
breaks, list items keep their bullets ("• ", or "1. " in an ordered list), and each link's URL is
collected so that it can become a source instead of vanishing with its tag.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from frontline.store.record import RecordError

_BLOCKS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote",
           "section", "article", "header", "footer", "pre", "hr"}  # fmt: skip
_ASCII_SPACE = str.maketrans({c: " " for c in "\t\n\r\f"})
_VAGUE = {"here", "link", "this", "source", "more", "read more", "click here", "this link"}


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.lists: list[int | None] = []  # None for <ul>, the next number for <ol>
        self.links: list[tuple[str, str]] = []
        self._link: tuple[str, int] | None = None  # href, where its words start in `parts`

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            number = self.lists[-1] if self.lists else None
            self.parts.append(f"\n{'•' if number is None else f'{number}.'} ")
            if number is not None:
                self.lists[-1] = number + 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
            if tag in ("ul", "ol"):
                start = dict(attrs).get("start") or "1"
                self.lists.append(None if tag == "ul" else int(start) if start.isdigit() else 1)
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self._link = (href, len(self.parts)) if href else None

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(self.hidden - 1, 0)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.parts.append("\n\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self._link is not None:
            href, at = self._link
            self.links.append((" ".join("".join(self.parts[at:]).split()), href))
            self._link = None

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data.translate(_ASCII_SPACE))


def _parse(value: Any, field: str) -> _PlainText | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise RecordError(field, "expected text, found a JSON structure")
    parser = _PlainText()
    parser.feed(str(value))
    parser.close()
    return parser


def html_to_text(value: Any, field: str = "text") -> str | None:
    """HTML as plain text: tags dropped, entities decoded, spaces collapsed as a browser would."""
    parser = _parse(value, field)
    if parser is None:
        return None
    lines = [" ".join(w for w in line.split(" ") if w) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") or None


def html_links(value: Any, field: str = "text") -> list[dict[str, str]]:
    """The links of an HTML fragment as sources: the link's words as the name (its host when they say
    nothing, like 'here'), its URL as the url. Only web links; each URL once."""
    parser = _parse(value, field)
    if parser is None:
        return []
    sources: list[dict[str, str]] = []
    for words, href in parser.links:
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or any(s["url"] == href for s in sources):
            continue
        name = words if words and words.casefold() not in _VAGUE else parts.netloc or href
        sources.append({"name": name, "url": href})
    return sources
