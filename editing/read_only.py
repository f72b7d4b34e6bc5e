"""A row the user may read but not change says so, and why, at the top of its form.

templates/admin/change_form.html shows ``locked_reason`` above the read-only
fields. Admins say why in their own words by overriding locked_reason (the
article admin names who can change the article: articles/roles.py).
"""


class SaysWhyReadOnlyMixin:
    def locked_reason(self, request, obj):
        """Why this user may look at obj but not change it, in a sentence ("" when they may change it)."""
        if self.has_change_permission(request, obj):
            return ""
        return f"Your role can read this {self.opts.verbose_name} but not change it."

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A revision view has worked out the reason against the live row already (editing.history).
        if "locked_reason" not in context:
            context["locked_reason"] = self.locked_reason(request, obj) if obj is not None and change else ""
        return super().render_change_form(request, context, add, change, form_url, obj)
