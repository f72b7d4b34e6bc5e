"""Share metadata and JSON-LD, parsed back and checked, on real pages."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from articles import share_cards
from people.models import Credit
from publicpages.structured_data import json_ld
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_network, make_person, make_show

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content.decode())


def ld_blocks(tree):
    return [json.loads(node.text()) for node in tree.find_all("script", type="application/ld+json")]


def meta(tree, key):
    """Content of <meta property=key> or <meta name=key>; all values for repeated keys."""
    return [
        node.attrs["content"]
        for node in tree.find_all("meta")
        if node.attrs.get("property") == key or node.attrs.get("name") == key
    ]


@pytest.fixture
def story():
    show = make_show(title="Queen of Tears", original_title="눈물의 여왕", slug="queen-of-tears")
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    published = timezone.now() - dt.timedelta(days=1)
    article = make_article(
        headline="Kim Ji Won on her toughest scene",
        dek="The actor talks rain, umbrellas and memory.",
        section="interview",
        publish_at=published,
    )
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("Kim Ji Won", "interview")
    image = make_article_image(article, is_lead=True, alt_text="Kim Ji Won smiling")
    return article, show, person, image


def test_article_news_article_json_ld(client, story):
    """The article page carries NewsArticle JSON-LD about its show and people, with absolute links."""
    article, show, person, image = story
    [data] = ld_blocks(page(client, article.get_absolute_url()))
    url = f"http://testserver{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["description"] == "The actor talks rain, umbrellas and memory."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert dt.datetime.fromisoformat(data["datePublished"]) == article.publish_at.replace(microsecond=0)
    assert dt.datetime.fromisoformat(data["dateModified"])
    [author] = data["author"]
    assert (author["@type"], author["name"]) == ("Person", "Jamie Park")
    assert author["url"] == f"http://testserver/authors/{article.author.get_username()}/"
    assert client.get(author["url"]).status_code == 200
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Dramasite"
    assert data["image"] == [f"http://testserver{image.image.url}"]
    about = {item["@type"]: item for item in data["about"]}
    assert about["TVSeries"]["@id"] == "http://testserver/shows/queen-of-tears/"
    assert about["TVSeries"]["name"] == "Queen of Tears"
    assert about["Person"]["@id"] == "http://testserver/people/kim-ji-won/"
    assert set(data["keywords"]) == {"Kim Ji Won", "interview"}


def test_article_share_tags(client, story):
    """Canonical, OpenGraph and Twitter tags describe the article with its dek and lead image."""
    article, show, person, image = story
    tree = page(client, article.get_absolute_url())
    url = f"http://testserver{article.get_absolute_url()}"
    assert tree.find("link", rel="canonical").attrs["href"] == url
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:title") == [article.headline]
    assert meta(tree, "og:description") == [article.dek]
    assert meta(tree, "og:url") == [url]
    assert meta(tree, "og:image") == [f"http://testserver{image.image.url}"]
    assert meta(tree, "article:section") == ["Interview"]
    assert sorted(meta(tree, "article:tag")) == ["Kim Ji Won", "interview"]
    assert dt.datetime.fromisoformat(meta(tree, "article:published_time")[0]) == article.publish_at.replace(
        microsecond=0
    )
    assert meta(tree, "article:modified_time")
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    assert meta(tree, "twitter:description") == [article.dek]


def test_spoiler_article_shares_only_its_label(client):
    """A spoiler article's dek and lead image appear in no share tag and no JSON-LD: it offers its drawn card."""
    show = make_show(title="Queen of Tears")
    article = make_article(
        headline="How it ends",
        dek="Hae In survives",
        has_spoilers=True,
        spoiler_show=show,
        spoiler_through_episode=16,
    )
    image = make_article_image(article, is_lead=True, alt_text="The wedding")
    tree = page(client, article.get_absolute_url())
    [data] = ld_blocks(tree)
    assert data["description"] == "Spoilers: Queen of Tears ep. 16"
    card = f"http://testserver{share_cards.card_path(article)}"
    assert data["image"] == [card]
    assert meta(tree, "og:description") == ["Spoilers: Queen of Tears ep. 16"]
    assert meta(tree, "twitter:description") == ["Spoilers: Queen of Tears ep. 16"]
    assert meta(tree, "og:image") == meta(tree, "twitter:image") == [card]
    assert meta(tree, "twitter:image:alt") == [
        "How it ends · Queen of Tears · Spoilers: Queen of Tears ep. 16 · Dramasite"
    ]
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    head = tree.find("head")
    assert "Hae In survives" not in str([n.attrs for n in head.iter()]) + head.text()
    assert image.image.url not in str([n.attrs for n in head.iter()])


def test_site_url_setting_makes_links_absolute(client, settings, story):
    """With SITE_URL set, canonical and JSON-LD links use it instead of the request's host."""
    settings.SITE_URL = "https://news.example"
    article = story[0]
    tree = page(client, article.get_absolute_url())
    assert tree.find("link", rel="canonical").attrs["href"] == f"https://news.example{article.get_absolute_url()}"
    [data] = ld_blocks(tree)
    assert data["about"][0]["@id"].startswith("https://news.example/shows/")


def test_json_ld_cannot_break_out_of_its_script(client):
    """A headline containing </script> stays data: <, > and & are escaped inside the JSON."""
    nasty = 'Fans say </script><script>alert("x")</script> & more'
    article = make_article(headline=nasty)
    content = client.get(article.get_absolute_url()).content.decode()
    start = content.index('<script type="application/ld+json">')
    block = content[start : content.index("</script>", start)]
    assert "<script>" not in block.removeprefix('<script type="application/ld+json">')
    assert "\\u003C/script\\u003E" in block
    [data] = ld_blocks(parse(content))
    assert data["headline"] == nasty


def test_json_ld_escapes():
    """The escaping matches django.utils.html.json_script."""
    assert str(json_ld({"a": "<&>"})) == '{"a":"\\u003C\\u0026\\u003E"}'


def test_show_tv_series_json_ld(client):
    """The show page's TVSeries names its Hangul title, episodes, broadcaster and actors with their characters."""
    network = make_network(name="tvN")
    show = make_show(title="Queen of Tears", original_title="눈물의 여왕", network=network, episode_count=16)
    lead = make_person(name="Kim Soo Hyun", slug="kim-soo-hyun")
    writer = make_person(name="Park Ji Eun")
    Credit.objects.create(person=lead, show=show, character_name="Baek Hyun Woo", kind="lead", billing_order=1)
    Credit.objects.create(person=writer, show=show, kind="writer", billing_order=90)
    [data] = ld_blocks(page(client, show.get_absolute_url()))
    url = f"http://testserver{show.get_absolute_url()}"
    assert data["@type"] == "TVSeries"
    assert data["@id"] == data["url"] == url
    assert data["name"] == "Queen of Tears"
    assert data["alternateName"] == "눈물의 여왕"
    assert data["numberOfEpisodes"] == 16
    assert data["publication"]["publishedOn"]["broadcaster"]["name"] == "tvN"
    [role] = data["actor"]
    assert role["@type"] == "PerformanceRole"
    assert role["characterName"] == "Baek Hyun Woo"
    assert role["actor"]["@id"] == "http://testserver/people/kim-soo-hyun/"
    assert [creator["name"] for creator in data["creator"]] == ["Park Ji Eun"]


def test_person_json_ld(client):
    """The person page's Person JSON-LD has the Hangul name, other spellings and birth date, and no sameAs."""
    person = make_person(
        name="Kim Soo Hyun",
        slug="kim-soo-hyun",
        hangul_name="김수현",
        alternative_names="Kim Soo-hyun, Kim Su-hyeon",
        birth_date=dt.date(1988, 2, 16),
    )
    tree = page(client, person.get_absolute_url())
    [data] = ld_blocks(tree)
    assert data["@type"] == "Person"
    assert data["@id"] == "http://testserver/people/kim-soo-hyun/"
    assert data["name"] == "Kim Soo Hyun"
    assert data["alternateName"] == ["김수현", "Kim Soo-hyun", "Kim Su-hyeon"]
    assert data["birthDate"] == "1988-02-16"
    assert "sameAs" not in data
    assert tree.find("link", rel="canonical").attrs["href"] == "http://testserver/people/kim-soo-hyun/"


def test_json_ld_is_not_blocked_by_the_csp(client, story):
    """The policy only restricts executable scripts; the ld+json block is data and carries no nonce."""
    response = client.get(story[0].get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    tree = parse(response.content.decode())
    [block] = tree.find_all("script", type="application/ld+json")
    assert "src" not in block.attrs


def test_home_declares_the_website_and_its_search(client):
    """The front page's WebSite JSON-LD offers the site search to search engines, and the template works."""
    [data] = ld_blocks(page(client, "/"))
    assert data["@type"] == "WebSite"
    assert data["url"] == "http://testserver/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert client.get(template.replace("{search_term_string}", "tears")).status_code == 200


def test_an_article_that_went_live_after_its_last_edit_is_modified_when_published(client):
    now = timezone.now()
    article = make_article(publish_at=now - dt.timedelta(minutes=5))
    article.__class__.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(hours=1))
    tree = page(client, article.get_absolute_url())
    data = next(block for block in ld_blocks(tree) if block["@type"] == "NewsArticle")
    assert data["dateModified"] == data["datePublished"]
    assert meta(tree, "article:modified_time") == meta(tree, "article:published_time")
