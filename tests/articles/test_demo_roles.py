"""The demo logins land in their roles: each sees exactly its own part of the newsroom."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import SpoilerChange, SpoilerReport
from demo.content import DEMO_PASSWORD
from tests.factories import password_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, media_root):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def login(client, username):
    assert password_login(client, username, DEMO_PASSWORD)
    return client


def action_names(response):
    return {name for name, _ in response.context["action_form"].fields["action"].choices if name}


def test_editor_publishes(client, demo):
    login(client, "editor")
    listing = client.get("/admin/articles/article/")
    assert listing.status_code == 200
    assert {"publish_now", "unpublish", "delete_selected"} <= action_names(listing)
    assert client.get("/admin/shows/show/add/").status_code == 200


def test_writer_writes_but_does_not_publish(client, demo):
    login(client, "writer")
    listing = client.get("/admin/articles/article/")
    assert listing.status_code == 200
    assert listing.context["action_form"] is None  # no publish, unpublish or delete: no actions at all
    assert client.get("/admin/articles/spoilermoderation/").status_code == 403


def test_moderator_has_the_spoiler_screen_and_a_queue_that_is_not_empty(client, demo):
    login(client, "moderator")
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get("/admin/articles/spoilermoderation/").status_code == 200
    queue = client.get("/admin/articles/spoilerreport/?status__exact=open")
    assert queue.status_code == 200
    assert len(queue.context["cl"].result_list) == SpoilerReport.objects.count() >= 2


def test_demo_spoiler_markings_are_logged_as_the_loaders(demo):
    """Loading the demo logs its spoiler markings under “load_demo”, once; a reload adds nothing."""
    sources = set(SpoilerChange.objects.values_list("source", flat=True))
    assert sources == {"load_demo"}
    count = SpoilerChange.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert SpoilerChange.objects.count() == count
