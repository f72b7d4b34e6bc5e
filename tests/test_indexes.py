"""The indexes the public pages and the admin lists rely on exist in the database."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleCoAuthor, ArticlePerson, ArticleShow, Contributor, TaggedArticle
from articles.search import INDEX_NAME, STORED_COLUMN, find_articles
from people.models import Person
from people.search import NAME_INDEX as PERSON_NAMES
from people.search import people_named_in, search_people
from shows.models import Show
from shows.search import TITLE_INDEX as SHOW_TITLES
from shows.search import search_shows, shows_named_in
from tests.factories import make_article, make_person, make_show, make_user

pytestmark = pytest.mark.django_db
ON_POSTGRES = connection.vendor == "postgresql"

# Index name -> the columns it must cover, in order (see Article.Meta.indexes for what each serves).
ARTICLE_INDEXES = {
    "article_live_idx": ["status", "publish_at"],
    "article_section_live_idx": ["section", "status", "publish_at"],
    "article_author_live_idx": ["author_id", "status", "publish_at"],
    "article_admin_order_idx": ["publish_at", "id"],
    "article_review_queue_idx": ["review_requested_at"],
    "article_take_down_idx": ["unpublish_at"],
}


def article_indexes():
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Article._meta.db_table)


def test_every_declared_article_index_exists_with_its_columns():
    """Migrations created each index of Article.Meta.indexes, on the columns the queries filter and sort by."""
    found = article_indexes()
    for name, columns in ARTICLE_INDEXES.items():
        assert name in found, name
        assert found[name]["columns"] == columns, name
    assert {index.name for index in Article._meta.indexes} == set(ARTICLE_INDEXES)


def test_every_declared_index_has_a_comment_saying_what_it_serves():
    """Each index in the models is preceded by a one-line comment (the house rule for indexes)."""
    import inspect

    from articles.models import article, links

    source = (inspect.getsource(article) + inspect.getsource(links)).splitlines()
    for name in ARTICLE_INDEXES:
        line = next(n for n, text in enumerate(source) if f'name="{name}"' in text)
        assert source[line - 1].strip().startswith("#"), name


def test_tag_links_have_the_tag_pages_index_and_are_unique_per_article():
    """Tag pages read (tag, newest live_from, newest article) from one index; an article holds a tag once."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TaggedArticle._meta.db_table)
    assert found["article_tag_live_idx"]["columns"] == ["tag_id", "live_from", "content_object_id"]
    assert found["article_tag_unique"]["columns"] == ["content_object_id", "tag_id"]
    assert found["article_tag_unique"]["unique"]


# Link model -> (its key to the show or person, the index its pages, feeds and related stories read).
DATED_LINKS = {
    ArticleShow: ("show_id", "article_show_live_idx"),
    ArticlePerson: ("person_id", "article_person_live_idx"),
}


def test_show_and_person_links_have_one_newest_first_index():
    """Show and person pages, feeds and related stories read (show or person, newest live_from, newest
    article) from one index, the only one leading with the show or person; an article is linked to one once."""
    for model, (key, pages) in DATED_LINKS.items():
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
        assert found[pages]["columns"] == [key, "live_from", "article_id"], model
        assert [name for name, c in found.items() if c["index"] and c["columns"][:1] == [key]] == [pages], model
        assert any(c["unique"] and c["columns"] == ["article_id", key] for c in found.values()), model


# The tables that grow with the archive, which no page may read whole. The co-author table is empty
# in these tests, where a scan of nothing is the planner's right choice; a test of its own fills it.
ARCHIVE_TABLES = {model._meta.db_table for model in (Article, ArticleShow, ArticlePerson, TaggedArticle)}


def whole_table_reads(plan, tables=ARCHIVE_TABLES):
    """The archive tables a query plan reads from end to end."""
    return set(re.findall(r"Seq Scan on (\w+)", plan)) & tables


def bulk_live_articles(count):
    author = make_user()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Ratings round-up {n}",
            slug=f"bulk-{n}",
            body="<p>Weekend dramas held steady in the ratings.</p>",
            author=author,
            section=("news", "review", "recap")[n % 3],
            status=Article.Status.PUBLISHED if n % 10 else Article.Status.DRAFT,
            publish_at=now - dt.timedelta(minutes=n + 1) if n % 10 else None,
        )
        for n in range(count)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")


def test_search_reads_a_named_persons_articles_from_the_links_alone():
    """The linked articles of a named person are read from the links' own index, never joined to articles."""
    person = make_person(name="Kim Soo Hyun", hangul_name="김수현")
    article = make_article()
    ArticlePerson.objects.create(article=article, person=person)
    with connection.execute_wrapper(lambda execute, sql, *rest: captured.append(sql) or execute(sql, *rest)):
        captured = []
        assert find_articles("김수현", people=[person]).ids == [article.pk]
    links = [sql for sql in captured if ArticlePerson._meta.db_table in sql]
    assert links and all(Article._meta.db_table + '"' not in sql.split("WHERE")[0] for sql in links), links


if ON_POSTGRES:

    def test_postgres_finds_who_a_query_names_through_the_names_index():
        """Among thousands of people, "who does this query name?" reads the GIN index on the split names."""
        bio = "<p>" + "An actor with a long career on stage and screen. " * 10 + "</p>"  # rows as wide as real ones
        Person.objects.bulk_create(
            Person(name=f"Crowd {n}", slug=f"crowd-{n}", search_names=f"crowd{n}|사람{n}", bio=bio) for n in range(5000)
        )
        make_person(name="Kim Soo Hyun", hangul_name="김수현", alternative_names="Kim Soo-hyun")
        make_show(title="Queen of Tears", original_title="눈물의 여왕")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
        named = people_named_in("kim soo-hyun interview")
        assert [person.name for person in named] == ["Kim Soo Hyun"]
        assert "person_search_names_gin" in named.explain()
        assert [show.title for show in shows_named_in("눈물의 여왕 8화")] == ["Queen of Tears"]
        expected = {"person_search_names_gin", "show_search_titles_gin"}
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(expected)])
            assert {row[0] for row in cursor.fetchall()} == expected

    def test_postgres_finds_whose_names_hold_a_word_through_the_trigram_indexes():
        """Among thousands of people, "whose names hold these words?" (a LIKE '%word%') reads pg_trgm's index."""
        Person.objects.bulk_create(
            Person(name=f"Crowd {n}", slug=f"crowd-{n}", search_names=f"crowd{n}|사람{n}") for n in range(5000)
        )
        make_person(name="Kim Soo Hyun", hangul_name="김수현", alternative_names="Kim Soo-hyun")
        Show.objects.bulk_create(
            Show(title=f"Crowd {n}", slug=f"crowd-{n}", search_titles=f"crowd{n}") for n in range(2000)
        )
        make_show(title="Queen of Tears", original_title="눈물의 여왕")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
            cursor.execute(f"ANALYZE {Show._meta.db_table}")
        assert [person.name for person in search_people("soohy")] == ["Kim Soo Hyun"]
        assert [show.title for show in search_shows("queenof")] == ["Queen of Tears"]
        # The filter named_first() (editing/names.py) applies for each word.
        assert "person_search_names_trgm" in Person.objects.filter(search_names__contains="soohy").explain()
        assert "show_search_titles_trgm" in Show.objects.filter(search_titles__contains="queenof").explain()

    def test_postgres_has_the_search_column_and_its_gin_index():
        """Search reads a generated tsvector column with a GIN index (migration 0007)."""
        found = article_indexes()
        assert found[INDEX_NAME]["columns"] == [STORED_COLUMN]
        assert found[INDEX_NAME]["type"] == "gin"

    # Walking the admin-order index newest first and skipping drafts is as good as the
    # status-first index when most articles are live, so the planner may pick either.
    @pytest.mark.parametrize(
        ("queryset", "indexes"),
        [
            (lambda: Article.objects.published()[:21], {"article_live_idx", "article_admin_order_idx"}),
            (
                lambda: Article.objects.published().filter(section="review")[:21],
                {"article_section_live_idx", "article_admin_order_idx"},
            ),
            (lambda: Article.objects.order_by("-publish_at", "-pk")[:100], {"article_admin_order_idx"}),
        ],
        ids=["home and feeds", "section page", "admin list"],
    )
    def test_postgres_pages_read_their_index_not_the_table(queryset, indexes):
        """With thousands of articles the planner answers each list from an index, never a scan of the table."""
        bulk_live_articles(5000)
        plan = queryset().explain()
        assert any(index in plan for index in indexes), plan
        assert not whole_table_reads(plan), plan
        assert "Sort Key" not in plan or "Presorted Key" in plan, plan  # no sort of the whole table

    def test_postgres_cards_read_each_articles_co_authors_by_its_index():
        """A card's byline reads the co-authors of its own article by their article index, not the whole table."""
        bulk_live_articles(5000)
        guests = Contributor.objects.bulk_create(Contributor(name=f"Guest {n}", slug=f"guest-{n}") for n in range(50))
        live = list(Article.objects.published())
        ArticleCoAuthor.objects.bulk_create(
            ArticleCoAuthor(article=article, contributor=guests[n % len(guests)]) for n, article in enumerate(live)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ArticleCoAuthor._meta.db_table}")
        plan = Article.objects.published().for_cards()[:21].explain()
        tables = {*ARCHIVE_TABLES, ArticleCoAuthor._meta.db_table}
        assert not whole_table_reads(plan, tables), plan
        # Any index that leads with the article: its own, or a unique constraint's (article, staff or guest).
        assert re.search(r"Index (Only )?Scan using \w+ on articles_articlecoauthor", plan), plan

    def tag_links(tag, articles):
        # bulk_create skips TaggedArticle.save(), so the copy of the live time is set here.
        TaggedArticle.objects.bulk_create(
            TaggedArticle(tag=tag, content_object=article, live_from=article.live_from) for article in articles
        )

    def test_postgres_tag_pages_read_the_newest_links_from_their_index():
        """A tag's first page comes from article_tag_live_idx, newest first, for busy, old and rare tags alike.

        Through taggit's generic table the planner either sorted every article of
        a busy tag or walked the whole archive newest first looking for a tag
        whose articles are all old; either way a page grew with the archive.
        """
        bulk_live_articles(5000)
        newest_first = list(Article.objects.published().order_by("-publish_at", "-pk"))
        tags = {
            "busy": newest_first[::3],  # on a third of the live articles, old and new
            "old": newest_first[-1500:],  # on the 1,500 oldest only
            "rare": newest_first[100:105],
        }
        for name, articles in tags.items():
            tag_links(Tag.objects.create(name=name, slug=name), articles)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TaggedArticle._meta.db_table}")
        for name in tags:
            plan = Article.objects.published().for_cards().tagged(Tag.objects.get(slug=name))[:21].explain()
            assert "article_tag_live_idx" in plan, (name, plan)
            assert not whole_table_reads(plan), (name, plan)
            if name != "rare":  # five rows may be sorted; thousands must not be
                assert "Sort Key" not in plan, (name, plan)

    def test_postgres_show_and_person_pages_read_the_newest_links_from_their_index():
        """A show's or person's articles come from their links' live_from index, newest first, for busy,
        old and rare ones alike.

        With the date only on the article, the planner walked the live articles
        newest first testing each for the link: for a show whose articles are
        all old, most of the archive.
        """
        bulk_live_articles(5000)
        newest_first = list(Article.objects.published().order_by("-publish_at", "-pk"))
        linked = {
            "busy": newest_first[::3],  # a third of the live articles, old and new
            "old": newest_first[-1500:],  # the 1,500 oldest only
            "rare": newest_first[100:105],
        }
        live = Article.objects.published()
        # The shape of the page's query (articles.selectors.newest_cards_about).
        pages = {
            ArticleShow: (make_show, "show", live.about_show),
            ArticlePerson: (make_person, "person", live.about_person),
        }
        for model, (make, field, page_articles) in pages.items():
            targets = {name: make() for name in linked}
            # bulk_create skips the links' save() and .add(): the copy of the live time is set here.
            model.objects.bulk_create(
                model(article=article, live_from=article.live_from, **{field: targets[name]})
                for name, articles in linked.items()
                for article in articles
            )
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
            _, index = DATED_LINKS[model]
            for name, target in targets.items():
                plan = page_articles(target).for_cards()[:11].explain()
                assert not whole_table_reads(plan), (model, name, plan)  # nor on the links
                if name == "rare":  # five links may be read by the index and sorted, or not
                    assert index in plan, (model, name, plan)
                else:  # thousands must be read newest first, never sorted
                    assert index in plan, (model, name, plan)
                    assert "Sort Key" not in plan, (model, name, plan)

else:

    def test_sqlite_reads_articles_picked_by_id_through_the_primary_key():
        """Search pages and related stories fetch live articles by id: with the planner statistics of
        migration 0015 SQLite looks them up by primary key, not through the whole live index."""
        from articles.selectors import article_cards

        query = article_cards().defer("body").order_by().filter(pk__in=[3, 1, 2]).query
        sql, params = query.sql_with_params()
        with connection.cursor() as cursor:
            plan = " ".join(str(row[-1]) for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
        assert "SEARCH articles_article USING INTEGER PRIMARY KEY" in plan, plan
        assert "article_live_idx" not in plan, plan

    def test_sqlite_has_no_search_column():
        """SQLite searches with its FTS5 table (articles/search_index.py); the tsvector column is PostgreSQL's."""
        columns = {
            c.name for c in connection.introspection.get_table_description(connection.cursor(), "articles_article")
        }
        assert STORED_COLUMN not in columns

    def sqlite_plan(queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            return " | ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())

    def test_sqlite_finds_people_and_shows_through_the_trigram_indexes():
        """Among thousands of people, "who does this query name?" and "whose names hold these words?"
        read the trigram tables (people and shows migrations 0006), never every person."""
        bio = "<p>" + "An actor with a long career on stage and screen. " * 10 + "</p>"  # rows as wide as real ones
        Person.objects.bulk_create(
            Person(name=f"Crowd {n}", slug=f"crowd-{n}", search_names=f"crowd{n}|사람{n}", bio=bio) for n in range(5000)
        )
        make_person(name="Kim Soo Hyun", hangul_name="김수현", alternative_names="Kim Soo-hyun")
        make_show(title="Queen of Tears", original_title="눈물의 여왕")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        named = people_named_in("kim soo-hyun interview")
        assert [person.name for person in named] == ["Kim Soo Hyun"]
        holding = Person.objects.filter(pk__in=PERSON_NAMES.ids_matching('"soo" AND "hyun"'))
        for plan in (sqlite_plan(named), sqlite_plan(holding)):
            assert "person_name_search VIRTUAL TABLE" in plan, plan
            assert "SCAN people_person" not in plan, plan
        assert [person.name for person in search_people("soo hyun")] == ["Kim Soo Hyun"]
        assert [person.name for person in search_people("김수현 interview")] == ["Kim Soo Hyun"]
        assert [person.name for person in search_people("kim so")] == ["Kim Soo Hyun"]  # a word too short to index
        assert [show.title for show in shows_named_in("눈물의 여왕 8화")] == ["Queen of Tears"]
        assert [show.title for show in search_shows("tears queen")] == ["Queen of Tears"]

    def test_sqlite_trigram_indexes_follow_every_write():
        """Triggers keep the tables in step with saves, bulk inserts, update() and deletes alike,
        and every migration since has left them in place (a table rebuild would drop them)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
        assert PERSON_NAMES.trigger_names() | SHOW_TITLES.trigger_names() <= triggers

        person = make_person(name="Kim Ji Won", hangul_name="김지원")
        assert list(people_named_in("김지원")) == [person]
        person.hangul_name = "김지은"
        person.save()
        assert not people_named_in("김지원").exists()
        assert list(people_named_in("김지은")) == [person]
        Person.objects.filter(pk=person.pk).update(search_names="parkjiwon")
        assert list(people_named_in("park ji-won")) == [person]
        assert not people_named_in("김지은").exists()
        [bulk] = Person.objects.bulk_create([Person(name="Lee Min Ho", slug="lee-min-ho", search_names="leeminho")])
        assert [found.pk for found in people_named_in("lee minho")] == [bulk.pk]
        person.delete()
        show = make_show(title="Queen of Tears", original_title="눈물의 여왕")
        assert list(shows_named_in("queen of tears")) == [show]
        show.delete()
        with connection.cursor() as cursor:
            for index in (PERSON_NAMES, SHOW_TITLES):
                cursor.execute(f"SELECT rowid FROM {index.table}")  # noqa: S608 (our table)
                assert [row[0] for row in cursor.fetchall()] == ([bulk.pk] if index is PERSON_NAMES else [])
