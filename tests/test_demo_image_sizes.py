"""The demo's pictures carry their size in the row, so loading a row never opens an image file."""

from io import StringIO
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from articles.models import ArticleImage
from people.models import Person
from shows.models import Show

pytestmark = pytest.mark.django_db


def test_demo_posters_photos_and_images_store_their_size():
    call_command("load_demo", stdout=StringIO())
    shows = Show.objects.exclude(poster="")
    people = Person.objects.exclude(photo="")
    assert shows and people
    assert not shows.filter(poster_width=None).exists()
    assert not people.filter(photo_width=None).exists()
    assert not ArticleImage.objects.filter(width=None).exists()
    # Reading the rows back touches no file: the sizes come from the columns.
    with mock.patch.object(FileSystemStorage, "open", side_effect=AssertionError("opened an image file")):
        list(Show.objects.all())
        list(Person.objects.all())
        list(ArticleImage.objects.all())
