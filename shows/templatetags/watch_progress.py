"""{% watch_progress_form show %}: the “I've watched up to episode N” box on a show page.

The page is the same for every reader (it is cached): the box does not read the
reader's cookie. After a save, the address says what was saved
(?progress=saved&episode=8), so the confirmation needs no cookie either;
static/js/watch_progress.js fills in the reader's progress where it can.
"""

from django import template

from shows.forms import WatchProgressForm
from shows.watch_progress import MAX_EPISODE

register = template.Library()


@register.inclusion_tag("shows/includes/watch_progress.html", takes_context=True)
def watch_progress_form(context, show):
    request = context["request"]
    # After a rejected POST the view passes the bound form back, errors and all.
    form = context.get("progress_form") or WatchProgressForm(show=show)
    outcome = request.GET.get("progress") if request.method == "GET" else None
    saved_episode = request.GET.get("episode", "") if outcome == "saved" else ""
    top = show.episode_count or MAX_EPISODE
    return {
        "show": show,
        "form": form,
        "outcome": outcome if outcome in {"saved", "cleared"} else None,
        "saved_episode": int(saved_episode) if saved_episode.isdigit() and 0 < int(saved_episode) <= top else None,
    }
