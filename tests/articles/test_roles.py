"""The newsroom groups exist from the first migrate, with their baseline rights."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_three_groups_exist_after_migrate():
    """A fresh database already has Writers, Editors and Moderators."""
    assert set(Group.objects.values_list("name", flat=True)) >= {"Writers", "Editors", "Moderators"}


def test_writers_can_write_but_not_delete_or_manage_reference_data():
    """Writers add and change articles and media, and only read shows, people and tags."""
    perms = codenames("Writers")
    assert {"articles.add_article", "articles.change_article", "articles.add_articleimage"} <= perms
    assert "articles.delete_article" not in perms
    assert {"articles.delete_articleimage", "articles.delete_pullquote", "articles.delete_videoembed"} <= perms
    assert "shows.view_show" in perms and "shows.change_show" not in perms
    assert "people.view_person" in perms and "people.add_person" not in perms


def test_editors_manage_everything_editorial():
    """Editors hold every right on articles, shows, people and tags."""
    perms = codenames("Editors")
    for right in (
        "articles.delete_article",
        "shows.change_show",
        "shows.add_network",
        "people.change_person",
        "taggit.change_tag",
        "shows.change_streamingservice",
    ):
        assert right in perms


def test_moderators_hold_only_the_moderation_screen_and_the_report_queue():
    """Moderators get no right on the plain article admin: only spoiler moderation, reports and the log."""
    assert codenames("Moderators") == {
        "articles.view_spoilermoderation",
        "articles.change_spoilermoderation",
        "articles.view_spoilerreport",
        "articles.change_spoilerreport",
        "articles.view_spoilerchange",
        "shows.view_show",
    }


def test_only_editors_may_publish_and_nobody_edits_the_spoiler_log():
    """publish_article is the editors' alone; the spoiler log cannot be added to or changed by hand."""
    assert "articles.publish_article" in codenames("Editors")
    assert "articles.publish_article" not in codenames("Writers")
    for group in ("Editors", "Writers", "Moderators"):
        assert not {"articles.change_spoilerchange", "articles.delete_spoilerchange"} & codenames(group)


def test_a_writer_in_the_group_reaches_the_article_admin(client):
    """A staff writer sees the article list and the add form in the admin."""
    writer = make_user(is_staff=True)
    writer.groups.add(Group.objects.get(name="Writers"))
    client.force_login(writer)
    assert client.get("/admin/articles/article/").status_code == 200
    add = client.get("/admin/articles/article/add/")
    assert add.status_code == 200
    assert add.context["adminform"].form.initial["author"] == writer.pk
    assert client.get("/admin/shows/show/add/").status_code == 403
