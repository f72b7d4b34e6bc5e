"""{% watch_progress_form show %}: the “I've watched up to episode N” box on a show page."""

from django import template

from shows.forms import WatchProgressForm
from shows.watch_progress import progress_from

register = template.Library()


@register.inclusion_tag("shows/includes/watch_progress.html", takes_context=True)
def watch_progress_form(context, show):
    request = context["request"]
    watched = progress_from(request).get(show.pk)
    # After a rejected POST the view passes the bound form back, errors and all.
    form = context.get("progress_form") or WatchProgressForm(show=show, initial={"episode": watched or 0})
    outcome = request.GET.get("progress") if request.method == "GET" else None
    return {
        "show": show,
        "form": form,
        "watched": watched,
        "outcome": outcome if outcome in {"saved", "cleared"} else None,
        "csrf_token": context.get("csrf_token"),
    }
