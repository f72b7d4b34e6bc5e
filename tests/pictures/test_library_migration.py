"""Pictures uploaded before the library move into it with nothing lost: files, sizes, alt text,
captions, credits and renditions (articles 0024, shows 0008, people 0008)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import stored_files
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0023_image_library_photo"), ("shows", "0007_library_photo"), ("people", "0007_library_photo")]
AFTER = [
    ("articles", "0024_images_into_library"),
    ("shows", "0008_posters_into_library"),
    ("people", "0008_portraits_into_library"),
]
FILES = [
    "articles/2024/04/leads.png",
    "renditions/articles/2024/04/leads_png_480w.webp",
    "shows/posters/queen-of-tears.png",
    "renditions/shows/posters/queen-of-tears_png_480w.avif",
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_library():
    yield migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_picture_moves_into_the_library_with_its_text_and_files(before_the_library, media_root):
    apps = before_the_library
    for name in FILES:
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        (media_root / name).write_bytes(png_bytes(8, 6))
    author = apps.get_model("auth", "User").objects.create(username="jamie")
    article = apps.get_model("articles", "Article").objects.create(slug="a", body="<p>x</p>", author=author)
    images = apps.get_model("articles", "ArticleImage").objects
    lead = images.create(
        article=article, image=FILES[0], width=1200, height=800, position=0, is_lead=True,
        alt_text="The leads under an umbrella", caption="Kim Soo Hyun (left)", credit="",
    )  # fmt: skip
    again = images.create(
        article=article, image=FILES[0], width=1200, height=800, position=3,
        alt_text="The same picture", caption="Again, later", credit="Dramasite illustration",
    )  # fmt: skip
    shows = apps.get_model("shows", "Show").objects
    poster = shows.create(
        title="Queen of Tears", slug="qot", poster=FILES[2], poster_width=600, poster_height=900, poster_alt="Key art"
    )
    bare = shows.create(title="No poster", slug="none")
    person = apps.get_model("people", "Person").objects.create(
        name="Kim Soo Hyun",
        slug="ksh",
        photo=FILES[0],
        photo_width=1200,
        photo_height=800,
        photo_alt="Portrait",
        photo_credit="tvN",
    )

    copy = images.create(
        article=article, image=FILES[0], width=1200, height=800, position=5,
        alt_text="The same picture", caption="A third time", credit="Dramasite illustration",
    )  # fmt: skip

    apps = migrate(AFTER)
    photos = apps.get_model("pictures", "Photo").objects
    # One photo per picture as it was described: the same file with the same text is one photo.
    assert sorted(photos.values_list("file", "alt_text", "credit", "width", "height")) == [
        (FILES[0], "Portrait", "tvN", 1200, 800),
        (FILES[0], "The leads under an umbrella", "", 1200, 800),
        (FILES[0], "The same picture", "Dramasite illustration", 1200, 800),
        (FILES[2], "Key art", "", 600, 900),  # listed under "needs: a credit"
    ]
    images = apps.get_model("articles", "ArticleImage").objects
    for row in (lead, again, copy):
        moved = images.get(pk=row.pk)
        photo = photos.get(pk=moved.library_photo_id)
        assert (photo.file.name, photo.alt_text, photo.credit) == (FILES[0], row.alt_text, row.credit)
        assert (moved.caption, moved.alt_text, moved.credit) == (row.caption, row.alt_text, row.credit)
    assert images.get(pk=again.pk).library_photo_id == images.get(pk=copy.pk).library_photo_id
    shows = apps.get_model("shows", "Show").objects
    assert photos.get(pk=shows.get(pk=poster.pk).library_photo_id).file.name == FILES[2]
    assert shows.get(pk=bare.pk).library_photo_id is None
    moved = apps.get_model("people", "Person").objects.get(pk=person.pk)
    assert (moved.photo_alt, moved.photo_credit) == ("Portrait", "tvN")
    assert photos.get(pk=moved.library_photo_id).alt_text == "Portrait"
    assert set(FILES) <= set(stored_files(media_root))  # files and renditions where they were


def test_undoing_and_redoing_the_library_keeps_the_name_indexes(before_the_library):
    """On SQLite, removing the library's columns rebuilds the people and shows tables, which drops
    their search triggers; the migrations make them again both ways. PostgreSQL's GIN indexes stay."""
    from people.search import NAME_INDEX
    from shows.search import TITLE_INDEX

    def present():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            else:
                cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_gin'")
            return {row[0] for row in cursor.fetchall()}

    if connection.vendor == "sqlite":
        wanted = NAME_INDEX.trigger_names() | TITLE_INDEX.trigger_names()
    else:
        wanted = {"person_search_names_gin", "show_search_titles_gin"}
    migrate([("people", "0006_person_name_search"), ("shows", "0006_show_title_search")])
    assert wanted <= present()
    migrate(AFTER)
    assert wanted <= present()


RIGHTS_BEFORE = [
    ("pictures", "0003_photo_version"),  # the photos this test makes are the table as it is now
    ("articles", "0025_photo_library_roles"),
    ("shows", "0008_posters_into_library"),
    ("people", "0008_portraits_into_library"),
]
RIGHTS_AFTER = [
    ("articles", "0026_library_rights_until"),
    ("shows", "0009_library_rights_until"),
    ("people", "0009_library_rights_until"),
]


def test_every_use_takes_a_copy_of_its_photos_rights_end(before_the_library, media_root):
    """articles 0026, shows 0009, people 0009: a photo's last day reaches the rows that show it."""
    (media_root / "photos").mkdir()
    for name in ("a.png", "b.png"):
        (media_root / "photos" / name).write_bytes(png_bytes(8, 6))
    apps = migrate(RIGHTS_BEFORE)
    photos = apps.get_model("pictures", "Photo").objects
    ending = photos.create(file="photos/a.png", alt_text="Key art", credit="tvN", rights_until=dt.date(2027, 1, 31))
    open_ended = photos.create(file="photos/b.png", alt_text="Portrait", credit="Agency")
    author = apps.get_model("auth", "User").objects.create(username="jamie")
    article = apps.get_model("articles", "Article").objects.create(slug="a", body="<p>x</p>", author=author)
    apps.get_model("articles", "ArticleImage").objects.create(
        article=article, image="photos/a.png", alt_text="Key art", library_photo=ending, position=0
    )
    apps.get_model("shows", "Show").objects.create(
        title="Queen of Tears", slug="qot", poster="photos/a.png", poster_alt="Key art", library_photo=ending
    )
    apps.get_model("people", "Person").objects.create(
        name="Kim Ji Won", slug="kjw", photo="photos/b.png", photo_alt="Portrait", library_photo=open_ended
    )
    apps = migrate(RIGHTS_AFTER)
    assert [row.library_rights_until for row in apps.get_model("articles", "ArticleImage").objects.all()] == [
        dt.date(2027, 1, 31)
    ]
    assert apps.get_model("shows", "Show").objects.get().library_rights_until == dt.date(2027, 1, 31)
    assert apps.get_model("people", "Person").objects.get().library_rights_until is None
