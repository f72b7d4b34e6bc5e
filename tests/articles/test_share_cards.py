"""Every article shares with a picture: its lead image, or a drawn card that never shows the story's pictures."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from articles import share_cards
from articles.models import Article
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_show

pytestmark = pytest.mark.django_db


def head_meta(tree, key):
    return [n.attrs["content"] for n in tree.find_all("meta") if key in (n.attrs.get("property"), n.attrs.get("name"))]


def news_article(tree):
    for script in tree.find_all("script", type="application/ld+json"):
        data = json.loads(script.text())
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


def fetch(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response


def picture(response):
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_an_article_without_a_lead_image_shares_its_drawn_card():
    show = make_show(title="Lovely Runner")
    article = make_article(headline="Byeon Woo Seok's breakout year, explained")
    article.shows.add(show)
    tree = parse(fetch(article.get_absolute_url()).content.decode())
    [og_image] = head_meta(tree, "og:image")
    assert head_meta(tree, "twitter:image") == [og_image]
    assert news_article(tree)["image"] == [og_image]
    assert head_meta(tree, "twitter:image:alt") == [
        "Byeon Woo Seok's breakout year, explained · Lovely Runner · News · Dramasite"
    ]
    card = fetch(og_image.removeprefix("http://testserver"))
    assert card["Content-Type"] == "image/png"
    assert "immutable" in card["Cache-Control"]
    assert picture(card).size == (1200, 630)


def test_a_spoiler_articles_card_never_shows_its_pictures_and_changes_with_its_label():
    show = make_show(title="Queen of Tears", episode_count=16)
    article = make_article(headline="How it ends", has_spoilers=True, spoiler_show=show, spoiler_through_episode=16)
    lead = make_article_image(article, is_lead=True)
    tree = parse(fetch(article.get_absolute_url()).content.decode())
    [og_image] = head_meta(tree, "og:image")
    assert lead.image.url not in og_image and "share-card.png" in og_image
    first = picture(fetch(og_image.removeprefix("http://testserver")))
    Article.objects.filter(pk=article.pk).update(spoiler_through_episode=8)
    article.refresh_from_db()
    assert share_cards.card_path(article) != og_image.removeprefix("http://testserver")
    second = picture(fetch(share_cards.card_path(article)))
    assert first.tobytes() != second.tobytes()  # the label on the card says ep. 8 now


def test_an_article_with_a_lead_image_shares_that_picture():
    article = make_article()
    lead = make_article_image(article, is_lead=True, alt_text="Kim Ji Won at the press conference")
    tree = parse(fetch(article.get_absolute_url()).content.decode())
    assert head_meta(tree, "og:image") == [f"http://testserver{lead.image.url}"]
    assert head_meta(tree, "og:image:alt") == ["Kim Ji Won at the press conference"]


def test_a_draft_has_no_card():
    draft = make_article(status=Article.Status.DRAFT, publish_at=None)
    assert Client().get(share_cards.card_path(draft)).status_code == 404
    assert Client().post(share_cards.card_path(make_article())).status_code == 405


def test_a_spoiler_free_teaser_replaces_the_label_off_the_site():
    show = make_show(title="Queen of Tears")
    article = make_article(
        headline="How it ends",
        has_spoilers=True,
        spoiler_show=show,
        spoiler_teaser="Our verdict on the last episode, with no twists given away.",
    )
    tree = parse(fetch(article.get_absolute_url()).content.decode())
    teaser = "Our verdict on the last episode, with no twists given away."
    assert head_meta(tree, "og:description") == [teaser]
    assert news_article(tree)["description"] == teaser
    assert teaser in fetch("/feed/").content.decode()
    # On the site, cards still carry the label.
    assert "Spoilers: Queen of Tears" in fetch("/").content.decode()


def test_every_published_demo_article_shares_a_picture():
    call_command("load_demo", verbosity=0)
    for article in Article.objects.published():
        tree = parse(fetch(article.get_absolute_url()).content.decode())
        [og_image] = head_meta(tree, "og:image")
        assert head_meta(tree, "twitter:image") == [og_image]
        assert head_meta(tree, "twitter:image:alt"), article.slug
        assert news_article(tree)["image"] == [og_image], article.slug
        if article.has_spoilers:
            assert "share-card.png" in og_image, article.slug
