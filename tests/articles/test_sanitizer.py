"""Rich text is reduced to a small allowlist before it is stored or shown."""

import json
import unicodedata

import pytest
from django.core.management import call_command
from django.template import Context, Template

from articles.models import Article
from editing.richtext import sanitize_html
from rehearsal.html import parse
from tests.factories import make_article, make_user
from tests.xss_corpus import CORPUS, CORPUS_DIR, payload_files

# The allowlist: what a news story needs, nothing that runs code or restyles the page.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "b",
    "i",
    "blockquote",
    "cite",
    "figure",
    "figcaption",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}, "span": {"class"}}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def normalised_href(href):
    """The href as a lenient browser might read it: whitespace and control characters dropped, lowercased."""
    return "".join(ch for ch in href if not (ch.isspace() or unicodedata.category(ch).startswith("C"))).lower()


def assert_safe(cleaned):
    """Parse the cleaned HTML (never a regex over it) and check every element and attribute."""
    for node in parse(cleaned).iter():
        assert node.tag in ALLOWED_TAGS, f"<{node.tag}> survived in {cleaned!r}"
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler {name} survived in {cleaned!r}"
            assert name != "style", f"style attribute survived in {cleaned!r}"
            assert name in ALLOWED_ATTRIBUTES.get(node.tag, set()), f"{name} on <{node.tag}> in {cleaned!r}"
            if name == "href":
                assert not normalised_href(value or "").startswith(DANGEROUS_SCHEMES), f"bad href in {cleaned!r}"
            if name == "class":
                assert set((value or "").split()) <= {"spoiler"}, f"class {value!r} survived in {cleaned!r}"


# Hand-written cases -------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
        ('<p onclick="alert(1)" onmouseover="x()">Hi</p>', "<p>Hi</p>"),
        ('<img src="x" onerror="alert(1)"><p>Hi</p>', "<p>Hi</p>"),
        ("<style>body{display:none}</style><p>Hi</p>", "<p>Hi</p>"),
        ('<p style="position:fixed;top:0">Hi</p>', "<p>Hi</p>"),
        ('<iframe src="https://evil.example/"></iframe><p>Hi</p>', "<p>Hi</p>"),
        ('<svg onload="alert(1)"><circle r="4"/></svg><p>Hi</p>', "<p>Hi</p>"),
        ('<p>Hi</p><object data="x.swf"></object><embed src="x.swf">', "<p>Hi</p>"),
        ('<form action="https://evil.example/"><input name="q"></form><p>Hi</p>', "<p>Hi</p>"),
    ],
    ids=[
        "script",
        "on-attributes",
        "img-onerror",
        "style-element",
        "style-attribute",
        "iframe",
        "svg",
        "object",
        "form",
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    """Scripts, event handlers, styles, frames and SVG never reach a reader's browser."""
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml,<svg onload=alert(1)>",
    ],
    ids=range(9),
)
def test_dangerous_link_schemes_are_dropped(href):
    """Links that would run code when clicked lose their href; the link text stays."""
    cleaned = sanitize_html(f'<p><a href="{href}">Watch now</a></p>')
    link = parse(cleaned).find("a")
    assert "href" not in link.attrs
    assert link.text() == "Watch now"


@pytest.mark.parametrize(
    "href", ["https://www.netflix.com/title/81707945", "http://tvn.cjenm.com/", "mailto:tips@dramasite.invalid"]
)
def test_safe_links_keep_their_href(href):
    """Ordinary web and mail links survive, with rel=noopener noreferrer added."""
    link = parse(sanitize_html(f'<a href="{href}" title="More">More</a>')).find("a")
    assert link.attrs["href"] == href
    assert link.attrs["title"] == "More"
    assert link.attrs["rel"] == "noopener noreferrer"


def test_allowed_markup_survives_unchanged():
    """Everything a news story needs comes through exactly as written."""
    html = (
        "<h2>Heading two</h2><h3>Heading three</h3><h4>Heading four</h4>"
        "<p><strong>Strong</strong> <em>em</em> <b>b</b> <i>i</i> "
        '<span class="spoiler">she has lost some of her memories</span><br>'
        '<a href="https://example.com/" rel="noopener noreferrer">link</a></p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
        "<figure><blockquote><p>A quote.</p></blockquote><figcaption><cite>Netflix</cite></figcaption></figure>"
    )
    assert sanitize_html(html) == html


def test_span_keeps_only_the_spoiler_class():
    """Only the spoiler marker survives as a class; other classes are stripped."""
    mixed = parse(sanitize_html('<span class="spoiler big red">x</span>')).find("span")
    assert mixed.classes == ["spoiler"]
    other = parse(sanitize_html('<span class="big">x</span>')).find("span")
    assert other.classes == []
    assert other.text() == "x"


def test_disallowed_tags_keep_their_text():
    """Unknown wrappers (h1, div, font) are unwrapped so no words are lost."""
    assert sanitize_html("<h1>Title</h1><div><font>Body</font></div>") == "TitleBody"


def test_sanitising_twice_changes_nothing():
    """Cleaning already-clean HTML is a no-op, so saving an article again never alters it."""
    dirty = (
        '<p onclick="x">a &amp; b < c <a href="javascript:1">x</a> <a href="https://e.com">y</a></p>'
        '<span class="spoiler other">s</span><script>1</script><!-- note -->'
    )
    once = sanitize_html(dirty)
    assert sanitize_html(once) == once
    assert_safe(once)


def test_empty_input_gives_empty_string():
    """An empty body stays empty."""
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


def test_rich_template_filter_sanitises_on_render():
    """Rich text is cleaned again on the way out, even if dirty HTML got into the database."""
    rendered = Template("{% load richtext %}{{ value|rich }}").render(
        Context({"value": '<p onclick="x">Hi</p><script>alert(1)</script>'})
    )
    assert rendered == "<p>Hi</p>"


# Through the ORM ----------------------------------------------------------

DIRTY_BODY = '<p onclick="alert(1)">Story</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
CLEAN_BODY = '<p>Story</p><a rel="noopener noreferrer">x</a>'


def stored_body(article):
    return Article.objects.values_list("body", flat=True).get(pk=article.pk)


@pytest.mark.django_db
def test_body_is_sanitised_on_save():
    """Whatever an editor pastes, the stored body holds only allowed markup."""
    article = make_article(body=DIRTY_BODY)
    assert article.body == CLEAN_BODY
    assert stored_body(article) == CLEAN_BODY


@pytest.mark.django_db
def test_body_is_sanitised_by_queryset_update():
    """Bulk edits with queryset.update() cannot sneak script into the database."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body=DIRTY_BODY)
    assert stored_body(article) == CLEAN_BODY


@pytest.mark.django_db
def test_body_is_sanitised_when_loaded_from_a_fixture(tmp_path):
    """loaddata saves raw rows, skipping pre_save; the body is cleaned all the same."""
    author = make_user()
    fixture = tmp_path / "articles.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "pk": 900,
                    "fields": {
                        "headline": "From a fixture",
                        "slug": "from-a-fixture",
                        "body": DIRTY_BODY,
                        "author": author.pk,
                        "created_at": "2024-03-30T00:00:00Z",
                        "updated_at": "2024-03-30T00:00:00Z",
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Article.objects.values_list("body", flat=True).get(pk=900) == CLEAN_BODY


def test_links_hiding_control_characters_are_dropped():
    """A href like java&#1;script: hides its scheme from the parser; the whole href goes."""
    cleaned = sanitize_html('<p><a href="java&#1;script:alert(1)">x</a> <a href="/shows/queen-of-tears/">ok</a></p>')
    links = parse(cleaned).find_all("a")
    assert "href" not in links[0].attrs
    assert links[1].attrs["href"] == "/shows/queen-of-tears/"


@pytest.mark.django_db
def test_body_is_sanitised_by_bulk_create():
    """Imports through bulk_create are cleaned like any other save."""
    author = make_user()
    Article.objects.bulk_create(
        [Article(headline=f"Imported {n}", slug=f"imported-{n}", body=DIRTY_BODY, author=author) for n in range(2)]
    )
    assert list(Article.objects.order_by("slug").values_list("body", flat=True)) == [CLEAN_BODY, CLEAN_BODY]


# The shared XSS corpus --------------------------------------------------


if CORPUS_DIR.is_dir():
    CORPUS_PARAMS = [pytest.param(payload, id=f"{stem}-{number}") for stem, number, payload in CORPUS]
else:
    CORPUS_PARAMS = [
        pytest.param(
            None,
            id="corpus-missing",
            marks=pytest.mark.skip(reason=f"XSS corpus folder not found at {CORPUS_DIR}; the corpus test did not run"),
        )
    ]


@pytest.mark.parametrize("payload", CORPUS_PARAMS)
def test_xss_corpus_payload_is_neutralised(payload):
    """No payload from the public XSS corpus survives cleaning in a form that can run code."""
    cleaned = sanitize_html(payload)
    assert_safe(cleaned)
    assert sanitize_html(cleaned) == cleaned


if CORPUS_DIR.is_dir():

    def test_xss_corpus_is_read_completely():
        """Every corpus file contributes payloads, CRLF lines included, so the corpus test is not hollow."""
        assert CORPUS, f"{CORPUS_DIR} exists but holds no payloads"
        per_file = {}
        for stem, _, _ in CORPUS:
            per_file[stem] = per_file.get(stem, 0) + 1
        assert set(per_file) == {path.stem for path in payload_files()}
        assert all(count > 0 for count in per_file.values())
        if "xss_alert" in per_file:
            # The README documents 667 non-empty CRLF lines; reading them wrong would merge or split lines.
            assert per_file["xss_alert"] == 667
        assert not any("\r" in payload for _, _, payload in CORPUS)
