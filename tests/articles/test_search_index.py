"""SQLite's full-text index (articles/search_index.py) follows every write path; PostgreSQL needs none.

The index is SQLite's; CI runs the suite on both databases, and each collects
only the tests for its own (nothing is skipped).
"""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles import search_index
from articles.models import Article, Status
from rehearsal.admin_forms import form_data
from tests.factories import logged_in, make_article, make_staff

pytestmark = pytest.mark.django_db


def indexed():
    """{article id: (headline, dek, body)} as the FTS5 table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, headline, dek, body FROM {search_index.TABLE}")  # noqa: S608
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


if connection.vendor == "sqlite":

    def test_a_save_indexes_what_a_reader_may_see():
        """Headline, dek and body text; tags stripped and inline spoilers cut; a spoiler article by headline only."""
        plain = make_article(
            headline="Comeback set", dek="For May", body='<p>Big <b>news</b> <span class="spoiler">twist</span>.</p>'
        )
        spoiler = make_article(
            headline="Finale explained", dek="Who dies", body="<p>The father.</p>", has_spoilers=True
        )
        found = indexed()
        assert found[plain.pk][0:2] == ("Comeback set", "For May")
        assert "news" in found[plain.pk][2] and "twist" not in found[plain.pk][2] and "<b>" not in found[plain.pk][2]
        assert found[spoiler.pk] == ("Finale explained", "", "")

    def test_only_published_articles_are_in_the_index():
        draft = make_article(headline="Draft", status=Status.DRAFT, publish_at=None)
        review = make_article(headline="Review", status=Status.IN_REVIEW, publish_at=None)
        assert draft.pk not in indexed() and review.pk not in indexed()

    def test_the_admin_save_the_bulk_actions_and_a_delete_keep_it_in_step():
        editor_user = make_staff("Editors")
        editor = logged_in(editor_user)
        article = make_article(headline="Original headline", status=Status.DRAFT, publish_at=None, author=editor_user)
        url = f"/admin/articles/article/{article.pk}/change/"
        data = form_data(editor.get(url))
        data["headline"] = "Edited in the admin"
        assert editor.post(url, data).status_code == 302
        assert article.pk not in indexed()  # still a draft
        listing = "/admin/articles/article/"
        editor.post(listing, {"action": "publish_now", "_selected_action": [article.pk], "index": 0})
        assert indexed()[article.pk][0] == "Edited in the admin"
        editor.post(listing, {"action": "unpublish", "_selected_action": [article.pk], "index": 0})
        assert article.pk not in indexed()
        editor.post(listing, {"action": "publish_now", "_selected_action": [article.pk], "index": 0})
        editor.post(f"{url.removesuffix('change/')}delete/", {"post": "yes"})
        assert not Article.objects.filter(pk=article.pk).exists()
        assert article.pk not in indexed()

    def test_a_spoiler_marking_from_the_moderation_screen_takes_the_text_out():
        moderator = logged_in(make_staff("Moderators"))
        article = make_article(headline="Episode 8 recap", body="<p>The memory loss.</p>")
        assert "memory" in indexed()[article.pk][2]
        moderator.post(
            "/admin/articles/spoilermoderation/",
            {"action": "mark_spoilers", "_selected_action": [article.pk], "index": 0},
        )
        assert indexed()[article.pk] == ("Episode 8 recap", "", "")

    def test_a_history_restore_reindexes_the_restored_text():
        import reversion

        editor_user = make_staff("Editors")
        editor = logged_in(editor_user)
        article = make_article(headline="First headline", author=editor_user)
        with reversion.create_revision():
            reversion.add_to_revision(article)
        article.headline = "Second headline"
        article.save()
        assert indexed()[article.pk][0] == "Second headline"
        version = reversion.models.Version.objects.get_for_object(article).first()
        url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
        assert editor.post(url, form_data(editor.get(url))).status_code == 302
        assert indexed()[article.pk][0] == "First headline"

    def test_an_import_indexes_the_restored_articles(tmp_path, media_root):
        article = make_article(headline="Exported story")
        archive = tmp_path / "site.tar.gz"
        call_command("export_content", str(archive), stdout=StringIO(), stderr=StringIO())
        call_command(
            "import_content", str(archive), "--replace", "--skip-renditions", stdout=StringIO(), stderr=StringIO()
        )
        assert indexed()[article.pk][0] == "Exported story"
        with tarfile.open(archive) as tar:
            assert json.loads(tar.extractfile("manifest.json").read())["counts"]["articles.article"] == 1

    def test_rebuild_makes_it_whole_after_writes_that_skip_save():
        article = make_article(headline="Before update")
        Article.objects.filter(pk=article.pk).update(headline="After update")
        assert indexed()[article.pk][0] == "Before update"  # update() skips every receiver
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        assert out.getvalue().strip() == "Indexed 1 published articles."
        assert list(indexed()) == [article.pk]
        assert indexed()[article.pk][0] == "After update"

else:

    def test_postgres_keeps_its_own_index_and_the_command_says_so():
        assert not search_index.applies()
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out)
        assert "PostgreSQL keeps its own search index" in out.getvalue()
