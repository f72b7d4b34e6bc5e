"""Admin forms for articles."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError


class OneLeadImageFormSet(forms.BaseInlineFormSet):
    """At most one of an article's images may be the lead, checked before anything is saved."""

    def clean(self):
        super().clean()
        leads = [form for form in self.forms if form.cleaned_data.get("is_lead") and not self._should_delete_form(form)]
        if len(leads) > 1:
            raise ValidationError("Only one image can be the lead image. Untick “lead image” on all but one.")


class BylineChoiceField(forms.ModelChoiceField):
    """Staff listed by the name shown in the byline."""

    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


def byline_field(**kwargs):
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).order_by("first_name", "last_name")
    return BylineChoiceField(queryset=staff, **kwargs)
