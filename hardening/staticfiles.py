"""Static files without the pages third-party packages ship for their own development.

django-ckeditor bundles CKEditor 4's manual test pages (exportpdf/tests/manual/*.html),
the spell-checker's frame pages (wsc/dialogs/*.html) and a preview page. None is used by
the editor as configured (dramasite/settings.py, CKEDITOR_CONFIGS), and an HTML page of
ours that runs a package's script is one more thing to keep safe. These finders (named in
STATICFILES_FINDERS) neither list such files, so collectstatic leaves them out of
production, nor find them, so the development server does not serve them either.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.contrib.staticfiles.utils import matches_patterns
from django.core.exceptions import ImproperlyConfigured

# Matched against every part of a static path, as collectstatic matches its ignore patterns.
PACKAGE_PAGES = ["*.html", "*.htm", "tests", "samples", "*.md"]


def is_package_page(path):
    return any(matches_patterns(part, PACKAGE_PAGES) for part in PurePosixPath(path).parts)


class _WithoutPackagePages:
    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *PACKAGE_PAGES])

    def find(self, path, find_all=False):
        if is_package_page(path):
            return []  # what Django's own finders answer for a file they do not have
        return super().find(path, find_all=find_all)


class FileSystemFinder(_WithoutPackagePages, finders.FileSystemFinder):
    """Django's STATICFILES_DIRS finder, without package pages."""


class AppDirectoriesFinder(_WithoutPackagePages, finders.AppDirectoriesFinder):
    """Django's finder of each app's static/ folder, without package pages."""


def require_collected(storage=staticfiles_storage):
    """Refuse to start in production when collectstatic has not run for STATIC_ROOT.

    Without the manifest every page's {% static %} raises, so the server would
    answer each page with a 500; one clear line at start-up says what to run.
    """
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin) or storage.hashed_files:
        return
    raise ImproperlyConfigured(
        f"Static files are not collected in {storage.location}: run "
        "`manage.py collectstatic --noinput` with these settings first (docs/deployment.md)."
    )
