"""The articles app's models, one module per concern; imported here so `articles.models` names them all.

- article.py: the article, its sections and statuses, and `published()`, the one doorway to what readers see;
- links.py: its links to tags, shows and people, each with a copy of when the article is live;
- media.py: what is placed in the body (captioned images, pull quotes, YouTube videos);
- moderation.py: the moderators' screen, the spoiler log and readers' reports;
- review.py: the notes editors write to writers when sending an article back;
- corrections.py: dated corrections, clarifications and updates readers see on a live article;
- bylines.py: co-authors after the article's author, staff or guest contributors.
"""

from .article import (
    DEFAULT_SPOILER_WARNING,
    UPDATE_NOTICE_AFTER,
    Article,
    ArticleQuerySet,
    Section,
    Status,
    published_q,
)
from .bylines import ArticleCoAuthor, Contributor
from .corrections import CORRECTION_TEXT_MAX, CORRECTIONS_RECORD, Correction, CorrectionKind
from .links import ArticlePerson, ArticleShow, DatedArticleLink, TaggedArticle
from .media import ArticleImage, PlacedInBody, PullQuote, VideoEmbed, validate_youtube_url, youtube_video_id
from .moderation import (
    REPORT_MESSAGE_MAX,
    SPOILER_FIELDS,
    SPOILER_LABELS,
    ReportStatus,
    SpoilerChange,
    SpoilerModeration,
    SpoilerReport,
)
from .review import REVIEW_NOTE_MAX, ReviewNote

__all__ = [
    "CORRECTIONS_RECORD",
    "CORRECTION_TEXT_MAX",
    "Correction",
    "CorrectionKind",
    "Contributor",
    "DEFAULT_SPOILER_WARNING",
    "REPORT_MESSAGE_MAX",
    "REVIEW_NOTE_MAX",
    "SPOILER_FIELDS",
    "SPOILER_LABELS",
    "UPDATE_NOTICE_AFTER",
    "Article",
    "ArticleCoAuthor",
    "ArticleImage",
    "ArticlePerson",
    "ArticleQuerySet",
    "ArticleShow",
    "DatedArticleLink",
    "PlacedInBody",
    "PullQuote",
    "ReportStatus",
    "ReviewNote",
    "Section",
    "SpoilerChange",
    "SpoilerModeration",
    "SpoilerReport",
    "Status",
    "TaggedArticle",
    "VideoEmbed",
    "published_q",
    "validate_youtube_url",
    "youtube_video_id",
]
