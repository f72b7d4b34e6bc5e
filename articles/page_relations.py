"""What an article page shows of other tables, read with the article's own row (publicpages/related_rows.py).

Its images, pull quotes, videos, corrections and tags, its shows (with their
network, air slots and where to stream them), its people, and the parts those
people play in those shows (its JSON-LD), in the page's order.
"""

from taggit.models import Tag

from people.models import Credit, Person
from publicpages.related_rows import Related, RelatedColumns, link
from shows.models import Show
from shows.page_relations import WHERE_TO_WATCH

from .models import Article, ArticleImage, Correction, PullQuote, TaggedArticle, VideoEmbed

_SHOW_JOIN, _SHOW_WHERE = link(Article.shows.through, "show", "article")
_PERSON_JOIN, _PERSON_WHERE = link(Article.people.through, "person", "article")
_TAG_JOIN, _TAG_WHERE = link(TaggedArticle, "tag", "content_object")
_ACTING = ", ".join(f"'{kind}'" for kind in Credit.ACTING)  # the model's own choices, fixed in code
_SHOWS_OF = f"SELECT show_id FROM {Article.shows.through._meta.db_table} WHERE article_id = {{parent}}.id"  # noqa: S608
_PEOPLE_OF = f"SELECT person_id FROM {Article.people.through._meta.db_table} WHERE article_id = {{parent}}.id"  # noqa: S608

ARTICLE_PAGE = RelatedColumns(
    Article,
    (
        Related("images", ArticleImage, "{row}.article_id = {parent}.id", ("position", "id")),
        Related("quotes", PullQuote, "{row}.article_id = {parent}.id", ("position", "id")),
        Related("videos", VideoEmbed, "{row}.article_id = {parent}.id", ("position", "id")),
        Related("corrections", Correction, "{row}.article_id = {parent}.id", ("noted_at", "id")),
        Related("tags", Tag, _TAG_WHERE, ("name",), join=_TAG_JOIN),
        Related(
            "shows",
            Show,
            _SHOW_WHERE,
            ("title",),
            join=_SHOW_JOIN,
            nested=WHERE_TO_WATCH,
        ),
        Related("people", Person, _PERSON_WHERE, ("name", "id"), join=_PERSON_JOIN),
        # The JSON-LD's PerformanceRoles: article.page_credits, a list.
        Related(
            "page_credits",
            Credit,
            f"{{row}}.kind IN ({_ACTING}) AND {{row}}.show_id IN ({_SHOWS_OF}) AND {{row}}.person_id IN ({_PEOPLE_OF})",
            ("billing_order", "id"),
        ),
    ),
    apart={"page_credits"},
)
with_page_relations_inline = ARTICLE_PAGE.annotate
unpack = ARTICLE_PAGE.unpack
# What the page needs before it knows whether its kept copy will do (articles/views.py): the rest,
# shows above all (each with its network, air slots and services), is unpacked only to render it.
NEEDED_FIRST = ("images", "tags")
