"""Article cards are rendered once per process for what they show: never stale after any change to it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.selectors import article_cards
from rehearsal.html import parse
from tests.factories import make_article, make_article_image, make_show, make_user, png_bytes, upload

pytestmark = pytest.mark.django_db


def section_card(article):
    """The card of this article on its section page, as a reader gets it."""
    page = parse(Client().get(reverse("articles:section", args=[article.section])).content.decode())
    for card in page.find_all("article", cls="card"):
        if card.find_all("a", href=article.get_absolute_url()):
            return card
    raise AssertionError(f"no card for {article.slug}")


def render_card(article, heading_level="h2"):
    row = article_cards().get(pk=article.pk)
    template = Template("{% load articles_tags %}{% article_card article level %}")
    return parse(template.render(Context({"article": row, "level": heading_level})))


def test_an_edited_headline_and_dek_show_on_the_card_at_once():
    article = make_article(headline="Before the finale", dek="What we expect.")
    assert section_card(article).find("h2").text() == "Before the finale"
    Article.objects.filter(pk=article.pk).update(headline="After the finale", dek="What we got.")
    card = section_card(article)
    assert card.find("h2").text() == "After the finale"
    assert card.find("p", cls="dek").text() == "What we got."


def test_a_renamed_author_shows_on_every_card_of_theirs():
    author = make_user(first_name="Mina", last_name="Park")
    article = make_article(author=author)
    assert section_card(article).find("p", cls="byline").text().startswith("Mina Park ·")
    get_user_model().objects.filter(pk=author.pk).update(last_name="Seo")
    assert section_card(article).find("p", cls="byline").text().startswith("Mina Seo ·")


def test_flagging_spoilers_hides_the_dek_and_picture_on_a_card_shown_before():
    show = make_show(title="Queen of Tears")
    article = make_article(dek="Hae-in's secret is out.")
    make_article_image(article, is_lead=True)
    before = section_card(article)
    assert before.find_all("picture") and before.find_all("p", cls="dek")
    Article.objects.filter(pk=article.pk).update(has_spoilers=True, spoiler_show=show, spoiler_through_episode=8)
    after = section_card(article)
    assert not after.find_all("picture")
    assert not after.find_all("p", cls="dek")
    assert after.find("p", cls="spoiler-label").text() == "Spoilers: Queen of Tears ep. 8"
    assert "Hae-in" not in after.text()


def test_a_replaced_lead_picture_shows_its_new_file():
    article = make_article()
    image = make_article_image(article, is_lead=True)
    first = section_card(article).find("img").attrs["src"]
    image.image = upload("another.png", png_bytes(8, 6))
    image.save()
    card = section_card(article).find("img")
    assert card.attrs["src"] != first
    assert (card.attrs["width"], card.attrs["height"]) == ("8", "6")


def test_the_date_is_the_readers_time_zone_whichever_rendered_it_first():
    # 23:30 in London on 1 December is 08:30 on 2 December in Seoul.
    article = make_article(publish_at=dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC))
    with timezone.override("Asia/Seoul"):
        assert "Dec 2, 2026" in render_card(article).find("time").text()
    with timezone.override("Europe/London"):
        assert "Dec 1, 2026" in render_card(article).find("time").text()


def test_the_heading_level_is_the_listings():
    article = make_article(headline="Ratings climb")
    assert render_card(article, "h4").find("h4", cls="card-headline").text() == "Ratings climb"
    assert render_card(article, "h3").find("h3", cls="card-headline").text() == "Ratings climb"
