"""The mitigations that justify silencing ckeditor.W001 (docs/security.md, "CKEditor 4") hold."""

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client

from rehearsal.html import parse
from tests.factories import logged_in, make_article, make_user

pytestmark = pytest.mark.django_db

UPLOAD_PLUGINS = {"image", "uploadimage", "uploadfile", "filebrowser"}


def test_only_ckeditor_w001_is_silenced_and_it_is_the_ckeditor_4_warning():
    """Exactly one check is silenced, and it is the one about CKEditor 4's support, nothing broader."""
    assert settings.SILENCED_SYSTEM_CHECKS == ["ckeditor.W001"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SILENCED_SYSTEM_CHECKS", [])
        ids = {message.id for message in run_checks()}
    assert "ckeditor.W001" in ids


@pytest.mark.parametrize("name", sorted(settings.CKEDITOR_CONFIGS))
def test_every_editor_config_removes_the_upload_plugins(name):
    """Mitigation 1: no toolbar can offer an upload or file browser, because the plugins are removed."""
    removed = set(settings.CKEDITOR_CONFIGS[name]["removePlugins"].split(","))
    assert removed >= UPLOAD_PLUGINS


def test_the_editor_is_served_to_staff_only():
    """Mitigation 3: a signed-in reader without staff status gets the sign-in page, not the editor."""
    reader = logged_in(make_user(is_staff=False))
    response = reader.get("/admin/articles/article/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_public_pages_never_load_the_editor():
    """Mitigation 3: the editor's script is on no public page."""
    article = make_article()
    for url in ("/", article.get_absolute_url(), "/shows/", "/people/"):
        scripts = [node.attrs.get("src", "") for node in parse(Client().get(url).content.decode()).find_all("script")]
        assert not any("ckeditor" in src for src in scripts), url
