"""Spoilers on the article page: the shield, inline spoilers, and what the watch-progress lift needs.

The lift itself happens in the browser (static/js/watch_progress.js), on a page that is
the same for every reader; tests/browser/test_spoilers.py checks it in Chromium.
"""

import pytest

from articles.models import PullQuote, VideoEmbed
from articles.spoilers import can_lift, render_inline_spoilers
from rehearsal.html import parse
from shows.watch_progress import COOKIE_NAME, MAX_SHOWS, parse_progress, serialize_progress, with_episode
from tests.factories import make_article, make_article_image, make_show

# The watch-progress cookie, parsed strictly -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12:8", {12: 8}),
        ("12:8.31:3", {12: 8, 31: 3}),
        ("1:9999", {1: 9999}),
        ("123456789:1", {123456789: 1}),
    ],
)
def test_well_formed_progress_is_read(raw, expected):
    """show_id:episode pairs joined by dots are read as they were written."""
    assert parse_progress(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "hello",
        "12",
        "12:",
        ":8",
        "12:eight",
        "-12:8",
        "12:-8",
        "12:+8",
        "12:0",
        "0:8",
        "012:8",
        "12:08",
        "12:10000",
        "1234567890:8",
        "12:8;13:4",
        "12:8,13:4",
        " 12:8",
        "12:8 ",
        "12: 8",
        "12:8:9",
        "١٢:٨",  # Arabic-Indic digits are digits to Python, not to us
        "12:1e3",
        "12:0x8",
        "<script>:8",
        "\x00:8",
    ],
)
def test_malformed_progress_is_ignored(raw):
    """Text, signs, zeros, leading zeros, other separators and out-of-range numbers mean nothing."""
    assert parse_progress(raw) == {}


def test_good_pairs_survive_a_bad_neighbour():
    """One bad pair is skipped; the reader's other shows still count."""
    assert parse_progress("12:8.junk.31:3.12:99") == {12: 8, 31: 3}


def test_too_many_pairs_are_ignored_altogether():
    """More shows than the cookie ever holds means someone else wrote it: ignore it all."""
    at_cap = ".".join(f"{n}:1" for n in range(1, MAX_SHOWS + 1))
    assert len(parse_progress(at_cap)) == MAX_SHOWS
    assert parse_progress(at_cap + f".{MAX_SHOWS + 1}:1") == {}


def test_an_over_long_cookie_is_ignored():
    """A huge value is not even split."""
    assert parse_progress("1:1." + "9" * 5000) == {}
    assert parse_progress("1:1" + "." * 2000) == {}


def test_new_progress_goes_last_and_zero_forgets():
    """Setting a show moves it to the end; episode 0 removes it; the cookie round-trips."""
    progress = with_episode({1: 3, 2: 5}, 1, 4)
    assert list(progress.items()) == [(2, 5), (1, 4)]
    assert with_episode(progress, 2, 0) == {1: 4}
    assert parse_progress(serialize_progress(progress)) == progress


def test_the_oldest_show_is_forgotten_past_the_cap():
    """At the cap, adding a show drops the one set longest ago, so the cookie never grows."""
    full = dict.fromkeys(range(1, MAX_SHOWS + 1), 1)
    progress = with_episode(full, 999, 2)
    assert len(progress) == MAX_SHOWS
    assert 1 not in progress
    assert progress[999] == 2
    assert parse_progress(serialize_progress(progress)) == progress


# Who is shielded ----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_named_show_and_episode_can_lift_the_shield():
    """The browser may lift a shield only when the article says which show and how far it spoils."""
    show = make_show()
    assert can_lift(make_article(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8))
    assert not can_lift(make_article(has_spoilers=True, spoiler_show=show))
    assert not can_lift(make_article(has_spoilers=True))
    assert not can_lift(make_article(has_spoilers=False, spoiler_show=show, spoiler_through_episode=8))


# The page: shield markup --------------------------------------------------------------

SECRETS = {
    "body": "The twist is that the heir was the chauffeur",
    "lead alt": "Heir and chauffeur embracing at the finale",
    "lead caption": "Caption reveals the wedding",
    "photo caption": "Caption reveals the funeral",
    "quote": "I was never really gone",
    "video caption": "Video caption reveals the return",
}
DEK = "A dek the editors wrote to be seen"


def spoiler_article(**kw):
    show = kw.pop("show", None) or make_show(title="Queen of Tears", episode_count=16)
    fields = {
        "dek": DEK,
        "body": f"<p>{SECRETS['body']}.</p><p>Second paragraph.</p><p>Third.</p>",
        "has_spoilers": True,
        "spoiler_show": show,
        "spoiler_through_episode": 8,
    }
    fields.update(kw)
    article = make_article(**fields)
    make_article_image(article, is_lead=True, alt_text=SECRETS["lead alt"], caption=SECRETS["lead caption"])
    make_article_image(article, position=2, alt_text="A photo", caption=SECRETS["photo caption"])
    PullQuote.objects.create(article=article, position=1, text=SECRETS["quote"], attribution="Netflix")
    VideoEmbed.objects.create(
        article=article, position=3, url="https://youtu.be/dQw4w9WgXcQ", caption=SECRETS["video caption"]
    )
    return article


def outside_details(html):
    """The page with its spoiler shield cut out (there is one, and nothing nests in it)."""
    start = html.index('<details class="spoiler-shield"')
    end = html.index("</details>", start) + len("</details>")
    assert html.count('<details class="spoiler-shield"') == 1
    assert "<details" not in html[start + 1 : end]
    return html[:start] + html[end:]


@pytest.mark.django_db
def test_spoiler_article_shows_the_warning_then_a_closed_disclosure(client):
    """The warning comes first; a closed <details> holds the body; its summary says what it does."""
    article = spoiler_article()
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    warning = tree.find("section", cls="spoiler-warning")
    details = tree.find("details", cls="spoiler-shield")
    assert "open" not in details.attrs
    assert warning.order < details.order
    summary = details.find("summary")
    assert summary.parent is details
    assert summary.find("span", cls="when-closed").text() == "Show the article"
    assert summary.find("span", cls="when-open").text() == "Hide the article"
    # The summary is described by the warning, so a screen reader hears why it is closed.
    described_by = summary.attrs["aria-describedby"].split()
    assert described_by == ["spoiler-warning-text", "spoiler-warning-scope"]
    for element_id in described_by:
        assert tree.find(id=element_id).is_inside(warning)
    assert "Queen of Tears, up to episode 8" in tree.find(id="spoiler-warning-scope").text()


@pytest.mark.django_db
def test_nothing_from_the_body_or_its_media_shows_outside_the_shield(client):
    """Body text, lead image, photos, captions, pull quotes and video captions are all inside <details>.

    Checked on the raw page, <head> included, so no meta description, OpenGraph tag or
    JSON-LD may carry them either.
    """
    article = spoiler_article()
    html = client.get(article.get_absolute_url()).content.decode()
    tree = parse(html)
    details = tree.find("details")
    for img in tree.find_all("img"):
        assert img.is_inside(details)
    for figure in tree.find_all("figure"):
        assert figure.is_inside(details)
    for iframe_or_facade in tree.find_all("a", cls="video-facade"):
        assert iframe_or_facade.is_inside(details)
    outside = outside_details(html)
    for what, secret in SECRETS.items():
        assert secret in html, what
        assert secret not in outside, what
    # The dek is behind the shield too, as on every other surface: on the page once, inside
    # <details>, never above the warning or in a summary tag.
    assert html.count(DEK) == 1
    dek = tree.find("p", cls="dek")
    assert dek.text() == DEK
    assert dek.is_inside(details)
    assert DEK not in outside


@pytest.mark.django_db
def test_spoiler_article_without_a_show_says_so_without_a_scope(client):
    """No scope line means the summary is described by the warning text alone."""
    article = make_article(body="<p>Twist.</p>", has_spoilers=True)
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    assert tree.find("summary").attrs["aria-describedby"] == "spoiler-warning-text"
    assert tree.find_all(id="spoiler-warning-scope") == []


# The page: inline spoilers ------------------------------------------------------------

INLINE = '<p>By the end <span class="spoiler">she forgives him</span> and <span class="spoiler">he lives</span>.</p>'


@pytest.mark.django_db
def test_inline_spoilers_are_labelled_and_hidden_from_screen_readers(client):
    """Each inline spoiler gets a visible “Spoiler” label; its text is aria-hidden until revealed."""
    article = make_article(body=INLINE)
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    spans = tree.find("div", cls="article-body").find_all("span", cls="spoiler")
    assert [span.text() for span in spans] == ["she forgives him", "he lives"]
    for span in spans:
        assert span.attrs["aria-hidden"] == "true"
        assert "is-revealed" not in span.classes
        siblings = [child for child in span.parent.children if not isinstance(child, str)]
        label = siblings[siblings.index(span) - 1]
        assert "inline-spoiler-label" in label.classes
        assert label.text() == "Spoiler"


@pytest.mark.django_db
def test_without_javascript_a_link_reveals_inline_spoilers(client):
    """The note before the body offers the same page with inline spoilers revealed."""
    article = make_article(body=INLINE)
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    note = tree.find("p", cls="inline-spoiler-note")
    assert "2 details" in note.text()
    link = note.find("a")
    assert link.attrs["href"] == "?spoilers=show#article-body"
    assert link.text() == "Show them"
    assert note.order < tree.find("div", cls="article-body").order
    # Once, whether the article has a shield or not.
    assert len(tree.find_all("p", cls="inline-spoiler-note")) == 1
    shielded = make_article(body=INLINE, has_spoilers=True, spoiler_show=make_show(), spoiler_through_episode=2)
    assert (
        len(parse(client.get(shielded.get_absolute_url()).content.decode()).find_all("p", cls="inline-spoiler-note"))
        == 1
    )


@pytest.mark.django_db
def test_revealed_inline_spoilers_render_plainly_and_keep_the_canonical_address(client):
    """?spoilers=show renders the spans revealed and readable; the canonical link has no query."""
    article = make_article(body=INLINE)
    response = client.get(article.get_absolute_url(), {"spoilers": "show"})
    tree = parse(response.content.decode())
    for span in tree.find("div", cls="article-body").find_all("span", cls="spoiler"):
        assert "is-revealed" in span.classes
        assert "aria-hidden" not in span.attrs
    canonical = tree.find("link", rel="canonical").attrs["href"]
    assert canonical.endswith(article.get_absolute_url())
    note = tree.find("p", cls="inline-spoiler-note")
    assert note.find("a").attrs["href"] == f"{article.get_absolute_url()}#article-body"


@pytest.mark.django_db
def test_revealing_inline_spoilers_opens_the_shield_too(client):
    """Asking for inline spoilers on a spoiler article means the reader chose to read it."""
    article = make_article(body=INLINE, has_spoilers=True)
    closed = parse(client.get(article.get_absolute_url()).content.decode())
    assert "open" not in closed.find("details").attrs
    opened = parse(client.get(article.get_absolute_url(), {"spoilers": "show"}).content.decode())
    assert "open" in opened.find("details").attrs


@pytest.mark.django_db
def test_other_values_do_not_reveal(client):
    """Only ?spoilers=show reveals."""
    article = make_article(body=INLINE)
    tree = parse(client.get(article.get_absolute_url(), {"spoilers": "yes"}).content.decode())
    assert all(span.attrs.get("aria-hidden") == "true" for span in tree.find_all("span", cls="spoiler"))


@pytest.mark.django_db
def test_no_note_without_inline_spoilers(client):
    """A body without inline spoilers gets no reveal note."""
    article = make_article(body="<p>Nothing hidden.</p>")
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    assert tree.find_all(cls="inline-spoiler-note") == []


def test_inline_rendering_only_touches_the_sanitised_marker():
    """Escaped look-alikes in text are left alone; real markers are labelled."""
    html = '<p>&lt;span class="spoiler"&gt; <span class="spoiler">x</span></p>'
    out = render_inline_spoilers(html)
    assert out.count('<span class="spoiler" aria-hidden="true">x</span>') == 1
    assert out.count("inline-spoiler-label") == 1
    assert out.startswith('<p>&lt;span class="spoiler"&gt; ')


@pytest.mark.django_db
def test_the_no_javascript_stylesheet_is_loaded_in_noscript(client):
    """nojs.css is linked inside <noscript>, after site.css, so it can override it."""
    article = make_article(body=INLINE)
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    links = {link.attrs["href"]: link for link in tree.find_all("link", rel="stylesheet")}
    nojs = next(link for href, link in links.items() if href.endswith("nojs.css"))
    site = next(link for href, link in links.items() if href.endswith("site.css"))
    assert nojs.parent.tag == "noscript"
    assert site.order < nojs.order


# The page: the watch-progress lift ----------------------------------------------------


@pytest.mark.django_db
def test_the_shield_carries_what_the_browser_needs_to_lift_it(client):
    """Show and last episode as data, the note ready but hidden, the script right after the shield."""
    article = spoiler_article()
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    shield = tree.find("details", cls="spoiler-shield")
    assert shield.attrs["data-lifts-for-show"] == str(article.spoiler_show_id)
    assert shield.attrs["data-lifts-through"] == "8"
    note = shield.find("p", cls="spoiler-lifted")
    assert "hidden" in note.attrs
    assert "this article goes no further than episode 8" in note.text()
    assert note.find("a").attrs["href"] == article.spoiler_show.get_absolute_url() + "#watch-progress"
    script = next(s for s in tree.find_all("script") if "watch_progress" in s.attrs.get("src", ""))
    assert script.order > shield.order and "defer" not in script.attrs and "async" not in script.attrs


@pytest.mark.parametrize("cookie", [None, "{show}:8", "{show}:16", "{show}:3", "junk"])
@pytest.mark.django_db
def test_the_page_is_the_same_whatever_the_reader_has_watched(client, cookie):
    """A progress cookie changes nothing on the server: same bytes, shield up, nothing personal to cache apart."""
    article = spoiler_article()
    plain = client.get(article.get_absolute_url()).content
    if cookie:
        client.cookies[COOKIE_NAME] = cookie.format(show=article.spoiler_show_id)
    response = client.get(article.get_absolute_url())
    assert response.content == plain
    tree = parse(response.content.decode())
    assert tree.find("div", cls="article-body").is_inside(tree.find("details", cls="spoiler-shield"))


@pytest.mark.django_db
def test_shield_without_an_episode_number_offers_no_lift(client):
    """A spoiler article naming a show but no episode is shielded whatever the reader has watched."""
    show = make_show()
    article = make_article(has_spoilers=True, spoiler_show=show)
    client.cookies[COOKIE_NAME] = f"{show.pk}:16"
    tree = parse(client.get(article.get_absolute_url()).content.decode())
    shield = tree.find("details", cls="spoiler-shield")
    assert tree.find("div", cls="article-body").is_inside(shield)
    assert "data-lifts-for-show" not in shield.attrs
    assert tree.find_all("p", cls="spoiler-lifted") == []
    assert not [s for s in tree.find_all("script") if "watch_progress" in s.attrs.get("src", "")]


@pytest.mark.parametrize("cookie", ["junk", "-5:8", "5:-8", "99999999999:1", "1:1." * 400, "%00%ff", '"1:1"'])
@pytest.mark.django_db
def test_a_malformed_cookie_leaves_the_shield_up_and_never_errors(client, cookie):
    """Whatever the cookie holds, the page renders, shielded."""
    article = spoiler_article()
    client.cookies[COOKIE_NAME] = cookie
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = parse(response.content.decode())
    assert tree.find("div", cls="article-body").is_inside(tree.find("details"))


@pytest.mark.django_db
def test_article_page_is_public_for_readers_with_progress(client):
    """No Vary: Cookie and never private for a progress cookie: a CDN may keep one copy for every reader."""
    article = spoiler_article()
    anonymous = client.get(article.get_absolute_url())
    assert "Cookie" not in anonymous.headers.get("Vary", "")
    client.cookies[COOKIE_NAME] = f"{article.spoiler_show_id}:8"
    personal = client.get(article.get_absolute_url())
    assert "Cookie" not in personal.headers.get("Vary", "")
    assert "private" not in personal.headers.get("Cache-Control", "")
    assert "public" in personal.headers["Cache-Control"]


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.django_db
def test_article_page_query_budget_with_progress(client, django_assert_max_num_queries, rows):
    """The shield decision and inline spoilers add no queries: ≤ 8 with 1 or 30 media rows and spans."""
    show = make_show(title="Queen of Tears")
    body = "".join(f'<p>Part {n} <span class="spoiler">secret {n}</span>.</p>' for n in range(rows))
    article = make_article(body=body, has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    for n in range(rows):
        make_article_image(article, position=n, is_lead=n == 0)
        PullQuote.objects.create(article=article, position=n, text=f"Quote {n}", attribution="Netflix")
    client.cookies[COOKIE_NAME] = f"{show.pk}:8"
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    tree = parse(response.content.decode())
    assert len(tree.find_all("span", cls="spoiler")) == rows
    assert len(tree.find_all("details", cls="spoiler-shield")) == 1
