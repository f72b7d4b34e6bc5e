"""Sitemaps, the Google News sitemap and robots.txt, parsed: published articles only."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_person, make_show

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_BUDGET = 4
# The index asks each of its five sitemaps for its latest change and its page count.
INDEX_BUDGET = 8


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


def unpublished():
    now = timezone.now()
    return [
        make_article(headline="Draft story", status=Article.Status.DRAFT, publish_at=now - dt.timedelta(hours=2)),
        make_article(
            headline="Story in review", status=Article.Status.IN_REVIEW, publish_at=now - dt.timedelta(hours=2)
        ),
        make_article(headline="Scheduled story", publish_at=now + dt.timedelta(hours=2)),
    ]


def test_index_points_at_every_sitemap_with_lastmod(client):
    make_article()
    make_show()
    make_person()
    root = get_xml(client, reverse("sitemap"))
    assert root.tag == f"{SM}sitemapindex"
    entries = {s.findtext(f"{SM}loc").rsplit("/", 1)[1]: s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")}
    assert set(entries) == {
        "sitemap-articles.xml",
        "sitemap-shows.xml",
        "sitemap-people.xml",
        "sitemap-sections.xml",
        "sitemap-tags.xml",
    }
    for name in ("sitemap-articles.xml", "sitemap-shows.xml", "sitemap-people.xml"):
        assert dt.datetime.fromisoformat(entries[name])
    for loc in [s.findtext(f"{SM}loc") for s in root.iter(f"{SM}sitemap")]:
        assert client.get(loc).status_code == 200


def test_article_sitemap_lists_only_published_articles(client):
    live = make_article()
    hidden = unpublished()
    root = get_xml(client, reverse("sitemap-section", args=["articles"]))
    urls = locations(root)
    assert urls == [f"http://testserver{live.get_absolute_url()}"]
    assert all(article.get_absolute_url() not in "".join(urls) for article in hidden)
    assert root.find(f"{SM}url/{SM}lastmod").text == timezone.localdate(live.updated_at).isoformat()


def test_show_and_people_sitemaps_list_their_pages(client):
    show = make_show()
    person = make_person()
    assert locations(get_xml(client, reverse("sitemap-section", args=["shows"]))) == [
        f"http://testserver{show.get_absolute_url()}"
    ]
    assert locations(get_xml(client, reverse("sitemap-section", args=["people"]))) == [
        f"http://testserver{person.get_absolute_url()}"
    ]


def test_tag_sitemap_skips_tags_used_only_on_unpublished_work(client):
    make_article().tags.add("Wedding", "!!!")
    for article in unpublished():
        article.tags.add("Secret Casting")
    urls = locations(get_xml(client, reverse("sitemap-section", args=["tags"])))
    assert urls == [f"http://testserver{reverse('articles:tag', args=['wedding'])}"]
    for url in urls + locations(get_xml(client, reverse("sitemap-section", args=["sections"]))):
        assert client.get(url).status_code == 200


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-secrets.xml").status_code == 404


def test_news_sitemap_holds_the_last_48_hours_of_published_articles(client):
    now = timezone.now()
    fresh = make_article(headline="Fresh story", publish_at=now - dt.timedelta(hours=47))
    make_article(headline="Stale story", publish_at=now - dt.timedelta(hours=49))
    unpublished()
    root = get_xml(client, reverse("sitemap-news"))
    [url] = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{fresh.get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Dramasite"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh story"
    assert dt.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")) == fresh.publish_at


def test_news_sitemap_carries_no_spoiler_text(client):
    """Only the headline travels: never a spoiler article's dek or body."""
    make_article(
        headline="Queen of Tears episode 14 recap",
        dek="Hae-in loses her memory",
        body="<p>Hyun-woo is heartbroken.</p>",
        has_spoilers=True,
        spoiler_show=make_show(title="Queen of Tears"),
    )
    response = client.get(reverse("sitemap-news"))
    assert b"Queen of Tears episode 14 recap" in response.content
    assert b"memory" not in response.content
    assert b"heartbroken" not in response.content


def test_robots_txt_points_at_both_sitemaps_and_keeps_crawlers_out_of_staff_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /articles/preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


@pytest.mark.parametrize("rows", [1, 30])
def test_sitemap_query_budgets_do_not_grow(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        article = make_article()
        article.tags.add(*[f"tag {t}" for t in range(rows)])
        make_show()
        make_person()
    """Every sitemap costs the same with 1 or 30 articles, shows, people and tags."""
    with django_assert_max_num_queries(INDEX_BUDGET):
        assert client.get(reverse("sitemap")).status_code == 200
    urls = [reverse("sitemap-news")] + [
        reverse("sitemap-section", args=[name]) for name in ("articles", "shows", "people", "sections", "tags")
    ]
    for url in urls:
        with django_assert_max_num_queries(SITEMAP_BUDGET):
            assert client.get(url).status_code == 200


def test_news_sitemap_parses_even_with_a_control_character_in_a_headline(client):
    article = make_article(headline="Fine")
    Article.objects.filter(pk=article.pk).update(headline="Lovely\x0b Runner")  # skips save()'s cleaning
    root = get_xml(client, "/sitemap-news.xml")
    titles = [t.text for t in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles == ["Lovely Runner"]


def test_article_sitemap_lastmod_follows_an_article_going_live_after_its_last_edit(client):
    """A scheduled article edited at 9:00 and live at 10:00 was last changed, for readers, at 10:00."""
    now = timezone.now()
    article = make_article(publish_at=now - dt.timedelta(minutes=5))
    Article.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(hours=1))
    root = get_xml(client, "/sitemap.xml")
    lastmods = {s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")}
    article_lastmod = next(value for loc, value in lastmods.items() if "articles" in loc)
    assert dt.datetime.fromisoformat(article_lastmod) >= (now - dt.timedelta(minutes=5)).replace(microsecond=0)
