"""Admin forms for articles."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from shows.models import Show

from . import roles
from .models import REPORT_MESSAGE_MAX, REVIEW_NOTE_MAX, SpoilerModeration, SpoilerReport, Status
from .models.bylines import byline_name


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
        return byline_name(user)


def byline_field(**kwargs):
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).order_by("first_name", "last_name")
    return BylineChoiceField(queryset=staff, **kwargs)


# A publish time outside these bounds is a typo (9999 for 2026), and one at the far end of
# the calendar cannot even be shown in Seoul time: the form says so instead of storing it.
EARLIEST_PUBLISH_AT = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
SCHEDULE_HORIZON = dt.timedelta(days=2 * 365)


class RoleAwareArticleForm(forms.ModelForm):
    """The article form, refusing a status change the acting user's role may not make.

    The admin sets `acting_user`; the status choices are already limited per
    role, and this is the second lock for a crafted POST.
    """

    acting_user = None

    # Editors only (ArticleAdmin.get_fieldsets): kept as a ReviewNote, shown to the writer.
    note_to_writer = forms.CharField(
        label="Note to the writer",
        required=False,
        max_length=REVIEW_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the writer on this article, and mailed to them when you send it back to Draft.",
    )

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        if publish_at is None or "publish_at" not in self.changed_data:
            return publish_at  # a time already stored is kept as it is when the form leaves it alone
        latest = timezone.now() + SCHEDULE_HORIZON
        if not EARLIEST_PUBLISH_AT <= publish_at <= latest:
            raise ValidationError(
                "Choose a publish time between %(earliest)s and %(latest)s: articles are scheduled at most "
                "two years ahead.",
                code="publish_at_out_of_range",
                params={
                    "earliest": date_format(timezone.localtime(EARLIEST_PUBLISH_AT), "j M Y"),
                    "latest": date_format(timezone.localtime(latest), "j M Y"),
                },
            )
        return publish_at

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("status")
        if self.acting_user is not None and "status" in self.fields and new:
            # clean() runs before the instance takes the posted values.
            old = self.instance.status if self.instance.pk else Status.DRAFT
            if not roles.can_set_status(self.acting_user, self.instance, old, new):
                self.add_error("status", "Only editors publish, schedule or unpublish. Send it for review instead.")
        return cleaned


class SpoilerMarkingForm(forms.ModelForm):
    """The moderation form: the four spoiler fields and a reason, nothing else."""

    reason = forms.CharField(
        required=False,
        max_length=300,
        help_text="Optional. Kept in the spoiler log with your name and the time.",
    )

    class Meta:
        model = SpoilerModeration
        fields = ["has_spoilers", "spoiler_show", "spoiler_through_episode", "spoiler_warning"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("has_spoilers"):
            # Unticking "has spoilers" means the article spoils nothing: the scope
            # goes with it, as in the bulk "remove the marking" action.
            cleaned["spoiler_show"] = None
            cleaned["spoiler_through_episode"] = None
            self.instance.spoiler_show = None
            self.instance.spoiler_through_episode = None
        return cleaned


class SpoilerScopeForm(forms.Form):
    """The bulk “set spoiled show and episode” step of the moderation screen."""

    spoiler_show = forms.ModelChoiceField(Show.objects.order_by("title"), label="Spoiled show")
    spoiler_through_episode = forms.IntegerField(label="Through episode", min_value=1, max_value=32767, required=False)
    reason = forms.CharField(required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        show, episode = cleaned.get("spoiler_show"), cleaned.get("spoiler_through_episode")
        if show and episode and show.episode_count and episode > show.episode_count:
            self.add_error("spoiler_through_episode", f"{show} has {show.episode_count} episodes.")
        return cleaned


class SpoilerReportForm(forms.ModelForm):
    """The reader's report. `website` is a honeypot: people never see it, bots fill it."""

    website = forms.CharField(required=False, label="Leave this empty")
    # The same bounds on every database (SQLite enforces no integer range of its own).
    episode = forms.IntegerField(label="Episode spoiled (optional)", min_value=1, max_value=999, required=False)

    class Meta:
        model = SpoilerReport
        fields = ["message", "episode"]
        labels = {"message": "What does it spoil?", "episode": "Episode spoiled (optional)"}
        help_texts = {"message": f"Up to {REPORT_MESSAGE_MAX:,} characters.", "episode": ""}
        widgets = {"message": forms.Textarea(attrs={"rows": 3, "maxlength": REPORT_MESSAGE_MAX})}

    def is_bot(self):
        return bool(self.data.get("website", "").strip())
