"""The two bare reference views every page is compared with (issue 5's anchor).

- ok: the cheapest Django response, HttpResponse("ok").
- template: a ~23 KB template with a 30-item loop, rendered with the site's
  context processors, no database.
"""

from django.http import HttpResponse
from django.shortcuts import render

ITEMS = [
    {
        "title": f"Reference item {n}",
        "url": f"/reference/{n}/",
        "summary": "A short summary line, the length of a dek on a card, to give the loop some text.",
        "n": n,
    }
    for n in range(1, 31)
]


def ok(request):
    return HttpResponse("ok")


def template(request):
    return render(request, "bench/reference.html", {"items": ITEMS, "title": "Reference page"})
