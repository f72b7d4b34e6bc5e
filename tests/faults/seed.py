"""Rows for the outage tests' site: a live article with an image, a show with credits, an editor.

Run in the site's environment: python -m tests.faults.seed. Prints the
addresses and ids the tests use, as JSON.
"""

import json

import django

django.setup()

from people.models import Credit  # noqa: E402
from tests.factories import (  # noqa: E402 -- needs django.setup() first
    make_article,
    make_article_image,
    make_person,
    make_show,
    make_staff,
)

EDITOR_PASSWORD = "outage-editor-password"  # noqa: S105 -- a throwaway test site


def main():
    show = make_show(title="Lovely Runner", slug="lovely-runner")
    lead = make_person(name="Byeon Woo Seok", slug="byeon-woo-seok")
    second = make_person(name="Kim Hye Yoon", slug="kim-hye-yoon")
    Credit.objects.create(person=lead, show=show, character_name="Ryu Sun Jae", billing_order=1)
    Credit.objects.create(person=second, show=show, character_name="Im Sol", billing_order=2)
    editor = make_staff("Editors", username="outage-editor", password=EDITOR_PASSWORD)
    article = make_article(headline="Lovely Runner wins big", slug="lovely-runner-wins", author=editor)
    article.shows.add(show)
    article.people.add(lead)
    make_article_image(article, alt_text="The cast on stage", caption="At the awards", is_lead=True)
    print(
        json.dumps(
            {
                "article": article.get_absolute_url(),
                "article_id": article.pk,
                "show": show.get_absolute_url(),
                "show_id": show.pk,
                "person": lead.get_absolute_url(),
                "editor": editor.username,
                "password": EDITOR_PASSWORD,
            }
        )
    )


if __name__ == "__main__":
    main()
