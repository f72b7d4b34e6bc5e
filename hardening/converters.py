"""Path converters shared by the apps' URLconfs."""

from django.urls.converters import StringConverter


class TextConverter(StringConverter):
    """Like <str:>, but never matches control characters: such a path is a 404, not a query.

    PostgreSQL refuses NUL in text, so "/tags/%00/" would otherwise be a 500;
    no tag slug or username can hold a control character anyway.
    """

    regex = r"[^/\x00-\x1f\x7f]+"
