"""Search that knows the shows and people: any spelling finds their stories, on every database.

On the demo: every stored spelling of every person and show (Hangul, Revised
Romanization, the agency's spelling, spaced, hyphenated or joined, alone or in a
longer query) finds the live articles linked to them, first; never a draft, a
scheduled article or a spoiler body. Runs the same on SQLite (FTS5) and
PostgreSQL (tsvector), which CI both runs.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editing.names import names_in
from people.models import Person
from rehearsal.html import parse
from shows.models import Show
from tests.factories import make_article, make_person, make_show

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200, q
    return response


def headlines(response):
    return [h.text() for h in parse(response.content.decode()).find_all(cls="card-headline")]


def group(response, heading_id):
    tree = parse(response.content.decode())
    sections = [s for s in tree.find_all("section", cls="search-group") if s.attrs.get("aria-labelledby") == heading_id]
    return [a.text() for s in sections for a in s.find_all("a")] if sections else []


def spellings(*names):
    """Each name as typed, with its hyphens as spaces, joined, and lower-cased."""
    found = set()
    for name in names:
        name = name.strip()
        if name:
            found |= {name, name.replace("-", " "), name.replace("-", "").replace(" ", ""), name.lower()}
    return sorted(found)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def live_about(relation, row):
    return {a.headline for a in getattr(Article.objects.published(), relation)(row)}


def test_every_spelling_of_every_demo_person_finds_their_articles_first(client, demo):
    """Hangul, romanisations, spaced, hyphenated, joined: the person's live articles lead the results."""
    checked = 0
    for person in Person.objects.all():
        expected = live_about("about_person", person)
        for spelling in spellings(person.name, person.hangul_name, *person.alternative_names.split(",")):
            response = search(client, spelling)
            assert person.name in group(response, "results-people"), spelling
            found = headlines(response)
            assert set(found[: len(expected)]) == expected, spelling
            checked += bool(expected)
    assert checked > 20


def test_every_title_of_every_demo_show_finds_its_articles_first(client, demo):
    for show in Show.objects.all():
        expected = live_about("about_show", show)
        for spelling in spellings(show.title, show.original_title):
            response = search(client, spelling)
            assert show.title in group(response, "results-shows"), spelling
            assert set(headlines(response)[: len(expected)]) == expected, spelling


@pytest.mark.parametrize(
    ("query", "person", "show"),
    [
        ("김수현 interview", "kim-soo-hyun", None),
        ("queen of tears ep 8 recap", None, "queen-of-tears"),
        ("Kim Ji-won Queen of Tears", "kim-ji-won", "queen-of-tears"),
        ("kimjiwon 눈물의 여왕", "kim-ji-won", "queen-of-tears"),
        ("김수현이 말했다", "kim-soo-hyun", None),
    ],
)
def test_mixed_queries_find_who_and_what_they_name(client, demo, query, person, show):
    """A name in a longer query: the person or show is among the results, and their stories come first."""
    response = search(client, query)
    expected = set()
    if person:
        row = Person.objects.get(slug=person)
        assert row.name in group(response, "results-people")
        expected |= live_about("about_person", row)
    if show:
        row = Show.objects.get(slug=show)
        assert row.title in group(response, "results-shows")
        expected |= live_about("about_show", row)
    assert expected and set(headlines(response)[: len(expected)]) == expected


def test_the_rest_of_a_mixed_query_ranks_the_named_shows_articles(client):
    """'queen of tears recap': of the show's articles, the recap comes first, though older."""
    show = make_show(title="Queen of Tears", original_title="눈물의 여왕", slug="qot")
    now = timezone.now()
    news = make_article(headline="Ratings hold steady", publish_at=now - dt.timedelta(hours=1))
    recap = make_article(headline="Episode 8 recap: the umbrella", publish_at=now - dt.timedelta(days=3))
    for article in (news, recap):
        article.shows.add(show)
    assert headlines(search(client, "queen of tears recap"))[:2] == [recap.headline, news.headline]
    # Without other words, the show's newest story first.
    assert headlines(search(client, "눈물의 여왕"))[:2] == [news.headline, recap.headline]


def test_linked_articles_never_include_drafts_scheduled_or_unpublished(client):
    """Only published() reaches readers, through the links as through the text."""
    person = make_person(name="Kim Soo Hyun", hangul_name="김수현", slug="ksh")
    live = make_article(headline="Live interview")
    draft = make_article(headline="Draft interview", status=Article.Status.DRAFT, publish_at=None)
    later = make_article(headline="Scheduled interview", publish_at=timezone.now() + dt.timedelta(days=2))
    for article in (live, draft, later):
        article.people.add(person)
    assert headlines(search(client, "김수현")) == [live.headline]
    draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now() - dt.timedelta(minutes=1)
    draft.save()
    assert set(headlines(search(client, "김수현"))) == {live.headline, draft.headline}


def test_a_word_only_in_a_live_body_is_found_but_never_a_spoiler_body(client):
    """'striking' only in a review's body finds it, on every database; the same word behind a shield does not."""
    review = make_article(headline="Review: It's Okay to Not Be Okay", body="<p>A striking, tender drama.</p>")
    make_article(headline="Finale explained", body="<p>The striking twist is the father.</p>", has_spoilers=True)
    make_article(headline="Episode 9 preview", body='<p>Calm. <span class="spoiler">A striking betrayal</span>.</p>')
    make_article(headline="Unfinished", body="<p>Striking</p>", status=Article.Status.DRAFT, publish_at=None)
    assert headlines(search(client, "striking")) == [review.headline]


def test_headline_over_dek_over_body_and_newer_first_at_equal_rank(client):
    """The order a reader expects: headline matches, then dek, then body; among equals, the newest."""
    now = timezone.now()
    body = make_article(headline="Quiet week", body="<p>The comeback is set for May.</p>", publish_at=now)
    dek = make_article(headline="Another story", dek="A comeback in May", publish_at=now - dt.timedelta(days=1))
    old_head = make_article(headline="Comeback confirmed", publish_at=now - dt.timedelta(days=9))
    new_head = make_article(headline="Comeback confirmed", slug="again", publish_at=now - dt.timedelta(days=2))
    found = headlines(search(client, "comeback"))
    assert found == [new_head.headline, old_head.headline, dek.headline, body.headline]
    ids = [a.pk for a in (new_head, old_head, dek, body)]
    from articles.search import find_articles

    assert find_articles("comeback").ids == ids


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unbalanced',
        "*",
        "kim*",
        "NEAR(kim ji)",
        "NEAR",
        "- minus",
        "-",
        "headline:comeback",
        ":",
        "a AND OR NOT b",
        "^start",
        "(",
        ")",
        "🎬🍿",
        "김수현 🎬",
        "x" * 200,
        "ab" * 150,
        "'; DROP TABLE articles_article; --",
        "\\",
        "%_%",
        "{col}: x",
    ],
)
def test_index_syntax_never_reaches_the_index_raw(client, query):
    """FTS5 and tsquery operators, quotes, emoji and long strings: a results page or the empty form, never an error."""
    make_article(headline="Comeback confirmed")
    make_person(name="Kim Ji Won", hangul_name="김지원")
    response = search(client, query)
    assert response.status_code == 200
    assert Article.objects.count() == 1


@pytest.mark.parametrize("query", ["", "   ", "!!!", "— · ?", "%%", '"" ""', "-"])
def test_an_empty_or_punctuation_only_query_shows_the_empty_form(client, query):
    make_article(headline="Comeback confirmed")
    tree = parse(search(client, query).content.decode())
    assert tree.find("h1").text() == "Search"
    assert tree.find_all(cls="search-group") == [] and tree.find_all(cls="search-empty") == []


def test_a_near_miss_gets_a_suggestion_from_the_stored_names(client, django_assert_max_num_queries):
    """'kim ji wan' finds nothing; the page asks "Did you mean Kim Ji Won?", with one query per kind of name."""
    make_person(name="Kim Ji Won", hangul_name="김지원", alternative_names="Kim Ji-won", slug="kjw")
    make_show(title="Queen of Tears", original_title="눈물의 여왕")
    for n in range(30):
        make_person(name=f"Someone Else {n}")
    with django_assert_max_num_queries(8):
        response = search(client, "kim ji wan")
    empty = parse(response.content.decode()).find(cls="search-empty")
    assert "Did you mean Kim Ji Won?" in empty.text()
    assert empty.find("a").attrs["href"] == reverse("search") + "?q=Kim%20Ji%20Won"

    def empty_text(query):
        return parse(search(client, query).content.decode()).find(cls="search-empty").text()

    assert "Did you mean Queen of Tears?" in empty_text("qeen of tears")
    assert "Did you mean" not in empty_text("zzzz qqqq")


def test_the_editors_article_list_finds_articles_about_a_name_in_any_spelling(admin_client):
    """'김지원' in the article admin's search: the articles linked to Kim Ji Won, drafts included."""
    person = make_person(name="Kim Ji Won", hangul_name="김지원", alternative_names="Kim Ji-won", slug="kjw")
    show = make_show(title="Queen of Tears", original_title="눈물의 여왕")
    about = make_article(headline="A profile", status=Article.Status.DRAFT, publish_at=None)
    about.people.add(person)
    series = make_article(headline="Series notes")
    series.shows.add(show)
    make_article(headline="Unrelated")

    def listed(url, term):
        response = admin_client.get(url, {"q": term})
        assert response.status_code == 200
        return {str(row) for row in response.context["cl"].result_list}

    for term in ("김지원", "kim jiwon", "Kim Ji-won"):
        assert listed("/admin/articles/article/", term) == {"A profile"}
        assert listed("/admin/people/person/", term) == {"Kim Ji Won"}
    for term in ("눈물의 여왕", "queenoftears", "queen of tears"):
        assert listed("/admin/articles/article/", term) == {"Series notes"}
        assert listed("/admin/shows/show/", term) == {"Queen of Tears"}
    assert names_in(Person.objects.get().search_names)[0] == "kimjiwon"
