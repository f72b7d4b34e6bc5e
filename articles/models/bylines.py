"""Co-bylines: the people after the article's author, in order, staff or guests without a login.

The article's `author` stays the staff account the article belongs to (its
writer's rights, the review queue, the e-mails); its byline is that author,
then its co-authors by position. A co-author is either a staff account, who then
has a writer's rights over the article as its author does, or a `Contributor`:
a guest byline (a stringer, a critic, an agency) with a public page of its own
and no login.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from editing.text import strip_control_characters

from .article import Article

# How co_author_column() packs a byline into one value: control characters, which names never hold
# (strip_control_characters).
ENTRY_SEPARATOR = "\x1f"
TAG_SEPARATOR = "\x1e"


class Contributor(models.Model):
    """A byline without a staff login: a guest writer, a freelance reporter, an agency."""

    name = models.CharField(max_length=120, help_text="As the byline shows it, e.g. “Lee Da Eun”.")
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Their page's address: /contributors/<slug>/. Made from the name."
    )
    bio = models.CharField(
        max_length=300, blank=True, help_text="One line on their page, e.g. “Freelance critic based in Busan.”"
    )
    url = models.URLField("website", blank=True, help_text="Optional: their own site or profile, linked on their page.")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "guest contributor"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_control_characters(self.name)
        self.bio = strip_control_characters(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:contributor", args=[self.slug])


class ArticleCoAuthor(models.Model):
    """One name after the author in an article's byline: a staff account or a guest contributor."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="co_authors")
    position = models.PositiveSmallIntegerField(
        "order", default=1, help_text="Names run in this order after the author's: 1 comes first."
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_authored",
        verbose_name="staff member",
        help_text="A colleague with a login: they may then change the article as its author does.",
    )
    contributor = models.ForeignKey(
        Contributor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bylines",
        verbose_name="guest contributor",
        help_text="Someone without a login. Add them under Articles → Guest contributors if they are new.",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "co-author"
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__isnull=False, contributor__isnull=True)
                | Q(staff__isnull=True, contributor__isnull=False),
                name="co_author_is_staff_or_guest",
                violation_error_message="Choose a staff member or a guest contributor, not both.",
            ),
            models.UniqueConstraint(
                fields=["article", "staff"],
                name="co_author_staff_once",
                violation_error_message="This staff member is already in the byline.",
            ),
            models.UniqueConstraint(
                fields=["article", "contributor"],
                name="co_author_guest_once",
                violation_error_message="This guest contributor is already in the byline.",
            ),
        ]
        # Author pages: the articles a person co-wrote (the article side is the FK's own index).
        indexes = [models.Index(fields=["staff", "article"], name="co_author_staff_idx")]

    def __str__(self):
        # Also how Django's delete page lists the bylines that keep a contributor from being removed.
        return f"{self.name}, in the byline of “{self.article}”"

    def clean(self):
        if not (self.staff_id or self.contributor_id):
            raise ValidationError("Choose a staff member or a guest contributor.")
        if self.staff_id and self.contributor_id:
            raise ValidationError("Choose a staff member or a guest contributor, not both.")
        try:
            article = self.article
        except ObjectDoesNotExist:
            article = None
        if self.staff_id and article is not None and self.staff_id == article.author_id:
            raise ValidationError({"staff": "They are the article's author already."})

    @property
    def name(self):
        return byline_name(self.staff) if self.staff_id else self.contributor.name

    @property
    def page_url(self):
        return staff_page_url(self.staff) if self.staff_id else self.contributor.get_absolute_url()

    @property
    def page_tag(self):
        return page_tag(self.staff_id, self.contributor_id)


def byline_name(user):
    """The name a staff member signs with: their full name, else their username."""
    return user.get_full_name() or user.get_username()


def staff_page_url(user):
    return reverse("articles:author", args=[user.get_username()])


def page_tag(staff_id=None, contributor_id=None):
    """The page-cache tag of a name's author page: author:<user id> or contributor:<id> (articles/invalidation.py).

    co_author_column() writes the same tags in SQL.
    """
    return f"author:{staff_id}" if staff_id else f"contributor:{contributor_id}"


@dataclass(frozen=True)
class Byline:
    name: str
    url: str  # their page: /authors/<username>/ or /contributors/<slug>/
    page_tag: str  # that page's page-cache tag


def bylines_of(article):
    """Who signed the article, in order: its author, then its co-authors.

    Reads article.co_authors.all(), which the article page prefetches (with
    staff and contributor) only for an article that has any (with_co_author_flag).
    """
    author = article.author
    lead = Byline(byline_name(author), staff_page_url(author), page_tag(staff_id=author.pk))
    return [lead, *(Byline(each.name, each.page_url, each.page_tag) for each in co_authors_of(article))]


def co_authors_of(article):
    if getattr(article, "has_co_authors", True) is False:
        return []  # the page asked, in its own query, and there are none
    return list(article.co_authors.all())


def byline_names(article):
    """The names in the byline, in order: from the row's annotation when it has one (cards, feeds)."""
    listed = listed_co_authors(article)
    if listed is None:
        listed = [(each.page_tag, each.name) for each in co_authors_of(article)]
    return [byline_name(article.author), *(name for _, name in listed)]


def byline_text(article):
    """'Jamie Park and Lee Da Eun', as cards and the lead story print it."""
    return join_names(byline_names(article))


def linked_byline(article):
    """The article page's byline: each name linked to their page, joined as join_names() joins them."""
    links = (
        format_html('<a class="author" rel="author" href="{}">{}</a>', byline.url, byline.name)
        for byline in article.bylines
    )
    return mark_safe(join_names(links))  # noqa: S308 -- each part escaped by format_html, joined with plain words


# Written once as SQL rather than built from expressions: an ORM Subquery of Concat/Case/Cast had to
# be built and compiled again for every card query, which cost 4.5 ms a query (6.6 against 2.1 ms to
# compile a list of cards) and a listing page runs several. The two databases differ only in the
# aggregate's name.
CO_AUTHORS_SQL = """(
    SELECT {aggregate}(
        CAST(byline.position AS TEXT) || %s || CAST(byline.id AS TEXT) || %s
        || CASE WHEN byline.staff_id IS NULL THEN 'contributor:' || CAST(byline.contributor_id AS TEXT)
                ELSE 'author:' || CAST(byline.staff_id AS TEXT) END
        || %s
        || CASE WHEN byline.staff_id IS NULL THEN guest.name
                WHEN TRIM(staff.first_name || ' ' || staff.last_name) <> ''
                    THEN TRIM(staff.first_name || ' ' || staff.last_name)
                ELSE staff.username END,
        %s)
    FROM {co_authors} byline
    LEFT JOIN {users} staff ON staff.id = byline.staff_id
    LEFT JOIN {contributors} guest ON guest.id = byline.contributor_id
    WHERE byline.article_id = {articles}.id
)"""
AGGREGATES = {"sqlite": "GROUP_CONCAT", "postgresql": "STRING_AGG"}
CO_AUTHOR_FLAG_SQL = "EXISTS (SELECT 1 FROM {co_authors} byline WHERE byline.article_id = {articles}.id)"


@functools.cache
def _co_authors_sql(vendor, quote_name):
    tables = {
        "co_authors": ArticleCoAuthor._meta.db_table,
        "users": ArticleCoAuthor._meta.get_field("staff").related_model._meta.db_table,
        "contributors": Contributor._meta.db_table,
        "articles": Article._meta.db_table,
    }
    return CO_AUTHORS_SQL.format(aggregate=AGGREGATES[vendor], **{key: quote_name(t) for key, t in tables.items()})


def co_author_flag(connection):
    """Whether each article has co-authors, as one SQL value: the article page fetches them only then."""
    quote = connection.ops.quote_name
    sql = CO_AUTHOR_FLAG_SQL.format(
        co_authors=quote(ArticleCoAuthor._meta.db_table), articles=quote(Article._meta.db_table)
    )
    return RawSQL(sql, (), output_field=models.BooleanField())  # noqa: S611 -- fixed SQL, no values


def co_author_column(connection):
    """Each article's co-authors, as one SQL value: their order, page-cache tags and names.

    Annotated on card and feed rows (ArticleQuerySet.with_co_authors_listed) so a
    listing shows whole bylines, and its cached copy knows whose name changes
    make it stale, with no query per card and none per listing. A name is worked
    out as byline_name() works it out; listed_co_authors() reads the value back
    and sorts it (SQLite before 3.44 cannot order inside an aggregate). Reads the
    outer article row by its table's name, as card queries never alias it.
    """
    sql = _co_authors_sql(connection.vendor, connection.ops.quote_name)
    params = (TAG_SEPARATOR, TAG_SEPARATOR, TAG_SEPARATOR, ENTRY_SEPARATOR)
    return RawSQL(sql, params, output_field=models.TextField())  # noqa: S611 -- fixed SQL, values as parameters


def listed_co_authors(article):
    """(page-cache tag, name) of each co-author in order, from the row's annotation; None if not annotated."""
    if "co_authors_listed" not in article.__dict__:
        return None
    listed = article.co_authors_listed
    entries = [entry.split(TAG_SEPARATOR, 3) for entry in listed.split(ENTRY_SEPARATOR)] if listed else []
    entries.sort(key=lambda entry: (int(entry[0]), int(entry[1])))
    return [(page_tag, name) for _, _, page_tag, name in entries]


def join_names(names):
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
