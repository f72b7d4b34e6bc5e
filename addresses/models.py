"""Old addresses that lead to new ones: a page's address changed, its old links keep working.

Django's own redirects app (django.contrib.redirects) needs the sites framework,
and installing that makes every sitemap and feed build its links from a
database row (example.com until someone edits it) instead of the request's
host. This model is the same idea without it, plus what a newsroom needs:
redirects made by themselves when a live page's address changes
(addresses/registry.py), chains kept one hop long, and loops refused.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

MAX_PATH = 400


def validate_local_path(path):
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(char.isspace() for char in path):
        raise ValidationError("An address on this site, starting with one “/”, such as /articles/old-headline/.")


class RedirectQuerySet(models.QuerySet):
    def final_address(self, path):
        """Where a path leads after every redirect (itself when none)."""
        seen = {path}
        while (step := self.filter(old_path=path).values_list("new_path", flat=True).first()) is not None:
            if step in seen:  # a loop: only a hand-edited database can hold one (clean() refuses them)
                return path
            seen.add(step)
            path = step
        return path


class Redirect(models.Model):
    old_path = models.CharField(
        "old address",
        max_length=MAX_PATH,
        unique=True,
        validators=[validate_local_path],
        help_text="The address that no longer has a page, such as /articles/old-headline/.",
    )
    new_path = models.CharField(
        "new address",
        max_length=MAX_PATH,
        validators=[validate_local_path],
        help_text="Where readers are sent (a 301, so search engines move their links too).",
    )
    # Made by a change of address (automatic) or by an editor.
    automatic = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # old_path is unique (the lookup on every 404); new_path is looked up when a chain is repointed.
        indexes = [models.Index(fields=["new_path"], name="redirect_new_path_idx")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # One hop: point straight at where the new address leads, and repoint what led here.
            self.new_path = Redirect.objects.exclude(pk=self.pk).final_address(self.new_path)
            super().save(*args, **kwargs)
            led_here = Redirect.objects.filter(new_path=self.old_path).exclude(pk=self.pk)
            # One that starts at the new address would now point at itself: that address is taken again.
            led_here.filter(old_path=self.new_path).delete()
            led_here.update(new_path=self.new_path)

    def clean(self):
        super().clean()
        if not self.old_path or not self.new_path:
            return
        if self.old_path == self.new_path:
            raise ValidationError({"new_path": "The new address is the old one: readers would go round in a circle."})
        others = Redirect.objects.exclude(pk=self.pk)
        if others.final_address(self.new_path) == self.old_path:
            loop = f"{self.new_path} already leads back to {self.old_path}: readers would go round in a loop."
            raise ValidationError({"new_path": loop})
