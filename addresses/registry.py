"""Addresses that keep working: a live page whose address changes leaves a redirect behind.

The apps that own public pages register their models in AppConfig.ready():

    addresses.registry.keep_addresses(Article, is_public=lambda article: article.is_published)

Then, on every save (the admin, a bulk action that saves, a history restore,
the shell):

- a row that was public under one address and is saved under another leaves
  a 301 from the old address to the new one; one that was not yet public (a
  draft, a scheduled article) leaves nothing;
- redirects that led to the old address now lead to the new one, so a chain
  A → B → C is served as A → C in one hop;
- a public row at an address that used to redirect takes the address back (the
  redirect is removed; the fallback only answers 404s, so the page wins anyway);
- deleting a row removes the redirects that led to it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Redirect

_public = {}


def keep_addresses(model, is_public):
    """Make model's saves and deletes keep its old public addresses working (see the module docstring)."""
    _public[model] = is_public
    uid = f"addresses-{model._meta.label_lower}"
    pre_save.connect(_remember_address, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_follow_address, sender=model, dispatch_uid=f"{uid}-post")
    post_delete.connect(_forget_address, sender=model, dispatch_uid=f"{uid}-delete")


def _remember_address(sender, instance, **kwargs):
    """The address this row had in the database, if it was public there."""
    instance._address_before = None
    if instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is not None and _public[sender](stored):
        instance._address_before = stored.get_absolute_url()


def _follow_address(sender, instance, **kwargs):
    before = getattr(instance, "_address_before", None)
    instance._address_before = None
    if not _public[sender](instance):
        return
    address = instance.get_absolute_url()
    with transaction.atomic():
        # Whatever redirected from this address, it is this page's again.
        Redirect.objects.filter(old_path=address).delete()
        if before and before != address:
            Redirect.objects.update_or_create(old_path=before, defaults={"new_path": address, "automatic": True})


def _forget_address(sender, instance, **kwargs):
    Redirect.objects.filter(new_path=instance.get_absolute_url()).delete()
