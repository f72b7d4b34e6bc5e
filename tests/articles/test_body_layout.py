"""Placing images, quotes and videos "after paragraph N" of an article body."""

from types import SimpleNamespace

from articles.body_layout import lay_out, split_blocks

BODY = "<p>One</p><p>Two</p><p>Three</p>"


def media(name, position):
    return SimpleNamespace(name=name, position=position)


def labels(items):
    """Body blocks as their HTML, media rows by name, for readable asserts."""
    return [item.name if kind == "media" else item for kind, item in items]


def test_split_blocks_top_level_elements():
    """Each top-level paragraph, heading or list is one block, kept exactly as written."""
    blocks = split_blocks("<p>One</p>\n<h2>Two</h2>\n<p>Three &amp; four</p>\n")
    assert [block.strip() for block in blocks] == [
        "<p>One</p>",
        "<h2>Two</h2>",
        "<p>Three &amp; four</p>",
    ]


def test_nested_lists_and_quotes_count_as_one_block():
    """A list with nested items, or a quote with several paragraphs, counts as a single paragraph."""
    body = (
        "<p>Intro</p>"
        "<ul><li>One<ul><li>Nested</li></ul></li><li>Two</li></ul>"
        "<blockquote><p>Quoted one</p><p>Quoted two</p></blockquote>"
        "<p>Outro</p>"
    )
    assert split_blocks(body) == [
        "<p>Intro</p>",
        "<ul><li>One<ul><li>Nested</li></ul></li><li>Two</li></ul>",
        "<blockquote><p>Quoted one</p><p>Quoted two</p></blockquote>",
        "<p>Outro</p>",
    ]


def test_split_blocks_of_nothing():
    """An empty body has no blocks."""
    assert split_blocks("") == []
    assert split_blocks(None) == []


def test_position_zero_goes_first():
    """Media at position 0 appear before the first paragraph."""
    assert labels(lay_out(BODY, [media("lead", 0)])) == ["lead", "<p>One</p>", "<p>Two</p>", "<p>Three</p>"]


def test_position_n_goes_after_paragraph_n():
    """Media at position 2 appear right after the second paragraph."""
    assert labels(lay_out(BODY, [media("photo", 2)])) == ["<p>One</p>", "<p>Two</p>", "photo", "<p>Three</p>"]


def test_positions_past_the_end_go_last():
    """Media placed after paragraph 3, 9 or 99 of a three-paragraph body all end up last, in order."""
    items = lay_out(BODY, [media("ninety-nine", 99), media("three", 3)], [media("nine", 9)])
    assert labels(items) == ["<p>One</p>", "<p>Two</p>", "<p>Three</p>", "three", "nine", "ninety-nine"]


def test_media_from_several_lists_interleave_by_position():
    """Images, quotes and videos share one sequence of positions."""
    images = [media("image-1", 1), media("image-0", 0)]
    quotes = [media("quote-2", 2)]
    videos = [media("video-1", 1)]
    assert labels(lay_out(BODY, images, quotes, videos)) == [
        "image-0",
        "<p>One</p>",
        "image-1",
        "video-1",
        "<p>Two</p>",
        "quote-2",
        "<p>Three</p>",
    ]


def test_nested_blocks_count_once_when_placing_media():
    """Media after paragraph 2 follow the whole list, not an item inside it."""
    body = "<p>Intro</p><ol><li>a</li><li>b</li><li>c</li></ol><p>Outro</p>"
    assert labels(lay_out(body, [media("photo", 2)])) == [
        "<p>Intro</p>",
        "<ol><li>a</li><li>b</li><li>c</li></ol>",
        "photo",
        "<p>Outro</p>",
    ]


def test_layout_sanitises_the_body():
    """Even if dirty HTML reached the database, the laid-out page has no script."""
    items = lay_out('<p onclick="x">One</p><script>alert(1)</script>', [])
    assert items == [("html", "<p>One</p>")]


def test_empty_body_still_shows_media():
    """An article with no body text still shows its media."""
    assert labels(lay_out("", [media("a", 0), media("b", 5)])) == ["a", "b"]
