"""How the admin's history (django-reversion) stores an article: Django's JSON, shows and people included.

Django's serialisers write a many-to-many field only when Django made its
table. Article.shows and Article.people have their own through models
(ArticleShow, ArticlePerson: they carry a copy of the publish time), so plain
JSON would leave them out and restoring or recovering a version would keep the
article's current shows and people, or none. Here they are written as before,
a list of ids, so versions stored before the through models and after look
the same. Reading needs nothing new: Django's deserialiser sets the listed
shows and people, and articles/live_from.py dates the new links.

Registered as FORMAT in settings.SERIALIZATION_MODULES; ArticleAdmin stores
articles with it.
"""

from django.core.serializers.json import Deserializer
from django.core.serializers.json import Serializer as JSONSerializer

FORMAT = "article_history_json"

__all__ = ["Deserializer", "Serializer"]


class Serializer(JSONSerializer):
    def handle_m2m_field(self, obj, field):
        if field.remote_field.through._meta.auto_created:
            super().handle_m2m_field(obj, field)
            return
        self._current[field.name] = list(getattr(obj, field.name).order_by("pk").values_list("pk", flat=True))
