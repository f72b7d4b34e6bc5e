"""Stop PostgreSQL in the middle of an admin save, in a process of its own (see test_database_outage.py).

The editor's change form is posted through Django's test client in this
process, against the private cluster. A post_save receiver on the article
(or show) stops the cluster with `pg_ctl -m immediate` right after that row
was written and before its inline images (or credits) are, which is the
moment a half-written save could happen. Prints JSON: the status and page the
editor got, and whether the cluster really stopped mid-save.
"""

import json
import re
import subprocess
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 -- needs django.setup() first
from django.db.models.signals import post_save  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402
from rehearsal.admin_forms import form_data  # noqa: E402
from shows.models import Show  # noqa: E402
from tests.factories import png_bytes, upload  # noqa: E402


def main(args):
    client = Client(raise_request_exception=False, SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=args["editor"]))
    if args["model"] == "article":
        sender, url = Article, f"/admin/articles/article/{args['article_id']}/change/"
        data = form_data(client.get(url))
        data["headline"] = "HALF-WRITTEN headline"
        data["images-0-caption"] = "HALF-WRITTEN caption"
        # A new image too: its row must not appear without the article's.
        prefix = f"images-{data['images-TOTAL_FORMS']}"
        data["images-TOTAL_FORMS"] = str(int(data["images-TOTAL_FORMS"]) + 1)
        data[f"{prefix}-image"] = upload("new.png", png_bytes(6, 4), "image/png")
        data[f"{prefix}-alt_text"] = "A new picture"
        data[f"{prefix}-credit"] = "tvN"
        data[f"{prefix}-position"] = "1"
    else:
        sender, url = Show, f"/admin/shows/show/{args['show_id']}/change/"
        data = form_data(client.get(url))
        data["title"] = "HALF-WRITTEN title"
        data["credits-0-character_name"] = "HALF-WRITTEN character"
        data["credits-1-DELETE"] = "on"

    stopped = []

    def stop_postgres(sender, instance, **kwargs):
        if not stopped:
            subprocess.run(args["pg_ctl_stop"], check=True, capture_output=True, timeout=60)  # noqa: S603
            stopped.append(True)

    post_save.connect(stop_postgres, sender=sender, weak=False)
    response = client.post(url, data)
    print(
        json.dumps(
            {
                "postgres_stopped_mid_save": bool(stopped),
                "status": response.status_code,
                "body": response.content.decode(),
                # When the form was refused instead, what it said (to debug the test itself).
                "errors": re.findall(r'.{300}class="errorlist', response.content.decode(), re.S),
            }
        )
    )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
