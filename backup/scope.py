"""What a backup holds: every row a newsroom would miss, in an order that loads cleanly.

Rows keep their primary keys, because addresses, calendar UIDs, watch-progress
cookies (show ids) and history versions all refer to them. The few tables that
`migrate` fills by itself (content types, permissions) are not copied; rows that
point at them are written with natural keys, so a target whose ids differ still
gets the right ones. Groups are matched by name for the same reason.
"""

import datetime as dt

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils.timezone import is_aware

# Every model of these apps is backed up, so a new model is included without anyone remembering to.
PROJECT_APPS = ("pictures", "shows", "people", "articles", "addresses")

# Third-party tables that are part of the site's content or its record.
THIRD_PARTY_MODELS = (
    "auth.group",  # the newsroom roles, with the rights an operator may have changed
    "auth.user",  # staff accounts, their groups and rights, and their password hashes (it is a backup)
    "taggit.tag",
    "taggit.taggeditem",
    "reversion.revision",  # article, show and person history
    "reversion.version",
    "admin.logentry",  # the admin's "recent actions" and change history
)

# Left out on purpose. A test fails when an installed model is neither exported nor listed here.
EXCLUDED_MODELS = {
    "contenttypes.contenttype": "made by migrate; rows refer to them by natural key (app label, model)",
    "auth.permission": "made by migrate; groups and users refer to them by natural key",
    "sessions.session": "sign-ins, not content: everyone signs in again after a restore",
    "axes.accessattempt": "login-throttling state, not content",
    "axes.accessattemptexpiration": "login-throttling state, not content",
    "axes.accessfailurelog": "login-throttling state, not content",
    "axes.accesslog": "login-throttling state, not content",
}

# Referred to by natural key rather than by id (ids may differ between two databases).
NATURAL_KEY_MODELS = (ContentType, Permission, Group)


def exported_models():
    """The backed-up models, each after the models it points to, so the rows load in order."""
    chosen = [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    chosen += [apps.get_model(label) for label in THIRD_PARTY_MODELS]
    chosen = [model for model in chosen if not model._meta.proxy]
    return _dependencies_first(chosen)


def _dependencies_first(models):
    remaining = list(models)
    ordered = []
    while remaining:
        for model in remaining:
            targets = {
                field.related_model
                for field in model._meta.get_fields()
                if field.concrete and field.is_relation and field.related_model not in (None, model)
            }
            if not targets & set(remaining):
                break
        else:
            model = remaining[0]  # a cycle: deferred constraint checks let it load anyway
        remaining.remove(model)
        ordered.append(model)
    return ordered


def label(model):
    return model._meta.label_lower


def through_models(model):
    """The join tables Django made for model's many-to-many fields (they travel with the model's rows)."""
    return [
        field.remote_field.through
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def rows(model, using):
    """Every row of model, pk order, read in chunks with what natural keys need joined in."""
    natural_fks = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in NATURAL_KEY_MODELS
    ]
    prefetches = []
    for field in model._meta.local_many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue
        related = field.related_model._base_manager.using(using).order_by("pk")
        if field.related_model is Permission:
            related = related.select_related("content_type")
        prefetches.append(Prefetch(field.name, queryset=related))
    queryset = model._base_manager.using(using).order_by("pk")
    if natural_fks:
        queryset = queryset.select_related(*natural_fks)
    return queryset.prefetch_related(*prefetches).iterator(chunk_size=500)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (for JavaScript); a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            if isinstance(o, dt.time) and is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class BackupSerializer(jsonl.Serializer):
    """Django's JSON Lines, exact to the microsecond, with natural keys only for content types,
    permissions and groups."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def start_object(self, obj):
        self.use_natural_primary_keys = isinstance(obj, Group)
        super().start_object(obj)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)
