"""Reader-facing forms on show pages."""

from django import forms

from .watch_progress import MAX_EPISODE


class WatchProgressForm(forms.Form):
    """“I've watched up to episode N” for one show; 0 means none yet."""

    episode = forms.IntegerField(
        label="I've watched up to episode",
        min_value=0,
        error_messages={
            "required": "Enter the last episode you have watched, or 0.",
            "invalid": "Enter a whole number, like 8.",
        },
    )

    def __init__(self, *args, show, **kwargs):
        super().__init__(*args, **kwargs)
        self.show = show
        top = show.episode_count or MAX_EPISODE
        field = self.fields["episode"]
        field.widget.attrs.update({"max": top, "min": 0, "inputmode": "numeric"})
        field.validators.append(_at_most(top, show))


def _at_most(top, show):
    def validate(value):
        if value is not None and value > top:
            raise forms.ValidationError(
                f"{show.title} has {top} episodes." if show.episode_count else f"Enter a number up to {top}."
            )

    return validate
