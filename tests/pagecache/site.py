"""A small published site: one article about a show and a person, with a tag, and every public address."""

import datetime as dt

from articles.models import Article
from people.models import Credit
from tests.factories import make_article, make_person, make_show, make_user


def build_site():
    show = make_show(title="Queen of Tears", slug="queen-of-tears", slots=[(5, dt.time(21, 10))])
    person = make_person(name="Kim Ji Won", slug="kim-ji-won")
    Credit.objects.create(person=person, show=show, kind="lead", character_name="Hong Hae In")
    author = make_user(username="mina", first_name="Mina", last_name="Seo", is_staff=True)
    article = make_article(headline="Queen of Tears breaks a record", slug="qot-record", author=author)
    article.shows.add(show)
    article.people.add(person)
    article.tags.add("romance")
    return {"show": show, "person": person, "author": author, "article": Article.objects.get(pk=article.pk)}


def public_urls(site):
    """Every public page kind the cache serves, by name."""
    article, show, person, author = site["article"], site["show"], site["person"], site["author"]
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": f"/section/{article.section}/",
        "tag": "/tags/romance/",
        "author": f"/authors/{author.username}/",
        "show": show.get_absolute_url(),
        "person": person.get_absolute_url(),
        "show index": "/shows/",
        "people index": "/people/",
        "search": "/search/?q=queen",
        "feed": "/feed/",
        "atom feed": "/feed/atom/",
        "section feed": f"/section/{article.section}/feed/",
        "tag feed": "/tags/romance/feed/",
        "author feed": f"/authors/{author.username}/feed/",
        "show feed": f"{show.get_absolute_url()}feed/",
        "person feed": f"{person.get_absolute_url()}feed/",
        "sitemap index": "/sitemap.xml",
        "article sitemap": "/sitemap-articles.xml",
        "news sitemap": "/sitemap-news.xml",
        "calendar": f"{show.get_absolute_url()}calendar.ics",
    }
