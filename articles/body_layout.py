"""Placing captioned media “after paragraph N” of a sanitised body."""

from html.parser import HTMLParser
from itertools import groupby

from editing.richtext import sanitize_html

VOID_TAGS = {"br", "hr", "img"}


class _BlockSplitter(HTMLParser):
    """Cut HTML into its top-level elements, keeping the markup as written."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks, self.current, self.depth = [], [], 0

    def _emit(self, text):
        self.current.append(text)
        if self.depth == 0:
            self._flush()

    def _flush(self):
        block = "".join(self.current)
        if block.strip():
            self.blocks.append(block)
        self.current = []

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text()
        if tag in VOID_TAGS:
            self._emit(text)
        else:
            self.current.append(text)
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth = max(self.depth - 1, 0)
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        # The input is sanitised, so text is already escaped; keep it verbatim.
        self.current.append(data)
        if self.depth == 0 and data.strip():
            self._flush()

    def handle_entityref(self, name):
        self.current.append(f"&{name};")

    def handle_charref(self, name):
        self.current.append(f"&#{name};")


def split_blocks(html):
    """Top-level blocks (paragraphs, headings, lists…) of already-sanitised HTML."""
    parser = _BlockSplitter()
    parser.feed(html or "")
    parser.close()
    if parser.current:
        parser._flush()
    return parser.blocks


def lay_out(body, *media_lists):
    """Interleave body blocks and media rows by position.

    Returns [("html", str) | ("media", row)], where each row has .position.
    Anything placed past the last paragraph goes at the end.
    """
    blocks = split_blocks(sanitize_html(body))
    media = sorted((row for rows in media_lists for row in rows), key=lambda row: row.position)
    placed = {position: list(rows) for position, rows in groupby(media, key=lambda row: min(row.position, len(blocks)))}
    items = [("media", row) for row in placed.get(0, [])]
    for number, block in enumerate(blocks, start=1):
        items.append(("html", block))
        items.extend(("media", row) for row in placed.get(number, []))
    return items
