"""Rich text: one allowlist, applied on save and again on render.

Everything a user types as HTML (article bodies, show synopses, person bios)
passes through sanitize_html(). The allowlist is explicit and small: the
markup a news story needs and nothing that can run code or restyle the page.
"""

import nh3
from ckeditor.fields import RichTextField

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "blockquote",
    "cite",
    "figure",
    "figcaption",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# The only class that survives is the inline spoiler marker.
ALLOWED_CLASSES = {"span": {"spoiler"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _drop_disguised_urls(element, attribute, value):
    """Drop URLs containing control characters (tab, newline and the like).

    nh3 reads "java&#1;script:…" as a relative link because the control
    character hides the scheme, yet some clients strip such characters and see
    javascript:. No honest link contains them.
    """
    if attribute in {"href", "src", "cite"} and any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return value


def sanitize_html(html):
    """Return html reduced to the allowlist; idempotent, safe for |safe."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_drop_disguised_urls,
    ).strip()


class SanitizedRichTextField(RichTextField):
    """A CKEditor field whose value is sanitised before it reaches the database.

    pre_save cleans the instance itself; get_prep_value also covers raw saves
    (loaddata), bulk_create and queryset.update(), which skip pre_save.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitize_html(value) if value else value
