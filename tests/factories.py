"""Plain helpers that build rows and uploads for tests. No factory library, no magic."""

import datetime as dt
import io
import itertools
import random
import struct
import zlib

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleImage
from people.models import Person
from shows.models import AirSlot, Availability, Network, Show, StreamingService

_counter = itertools.count(1)


def _n():
    return next(_counter)


# Rows ---------------------------------------------------------------------


def make_staff(group, **kw):
    """A staff account in one newsroom group: "Writers", "Editors" or "Moderators"."""
    user = make_user(is_staff=True, **kw)
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user):
    """A test client signed in as user."""
    client = Client()
    client.force_login(user)
    return client


def password_login(client, username, password):
    """Sign client in through the admin's login form, as a person would; True when it worked.

    Client.login() calls authenticate() without a request, which the login
    throttle (django-axes) refuses; the form goes through the throttle.
    """
    response = client.post(reverse("admin:login"), {"username": username, "password": password})
    return response.status_code == 302 and SESSION_KEY in client.session


def staff_client(group, **kw):
    """A client signed in as a new member of group."""
    return logged_in(make_staff(group, **kw))


def make_user(**kw):
    n = _n()
    fields = {"username": f"user{n}", "first_name": "Jamie", "last_name": "Park"}
    fields.update(kw)
    password = fields.pop("password", None)
    user = get_user_model()(**fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def make_network(**kw):
    n = _n()
    fields = {"name": f"Network {n}", "slug": f"network-{n}"}
    fields.update(kw)
    return Network.objects.create(**fields)


def make_service(**kw):
    n = _n()
    fields = {"name": f"Service {n}", "slug": f"service-{n}"}
    fields.update(kw)
    return StreamingService.objects.create(**fields)


def make_show(slots=(), **kw):
    """A show; slots is a list of (weekday, time) pairs in Asia/Seoul."""
    n = _n()
    fields = {"title": f"Show {n}", "slug": f"show-{n}", "episode_count": 16}
    fields.update(kw)
    show = Show.objects.create(**fields)
    for weekday, local_time in slots:
        AirSlot.objects.create(show=show, weekday=weekday, local_time=local_time, time_zone="Asia/Seoul")
    return show


def make_availability(show, service=None, **kw):
    service = service or make_service()
    return Availability.objects.create(show=show, service=service, **kw)


def make_person(**kw):
    n = _n()
    fields = {"name": f"Person {n}", "slug": f"person-{n}"}
    fields.update(kw)
    return Person.objects.create(**fields)


def make_article(**kw):
    """A published, live article unless told otherwise."""
    n = _n()
    fields = {
        "headline": f"Headline {n}",
        "slug": f"article-{n}",
        "body": f"<p>Paragraph one of article {n}.</p><p>Paragraph two.</p>",
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - dt.timedelta(hours=1),
    }
    fields.update(kw)
    if "author" not in fields:
        fields["author"] = make_user()
    return Article.objects.create(**fields)


def make_article_image(article, **kw):
    fields = {"image": upload("picture.png", png_bytes(4, 3)), "alt_text": "A picture", "position": 0}
    fields.update(kw)
    return ArticleImage.objects.create(article=article, **fields)


# Image bytes and uploads ------------------------------------------------


def image_bytes(width, height, fmt, mode="RGB", noisy=False, **save_kw):
    """A real image made in memory by Pillow. noisy=True makes it compress badly (large files)."""
    if noisy:
        image = Image.frombytes(mode, (width, height), _noise(width * height * len(mode)))
    else:
        image = Image.new(mode, (width, height), (200, 30, 90) if mode == "RGB" else 1)
    out = io.BytesIO()
    image.save(out, format=fmt, **save_kw)
    return out.getvalue()


def _noise(count):
    # Seeded, so every run makes the same bytes.
    return random.Random(0).randbytes(count)


def png_bytes(width, height, **kw):
    return image_bytes(width, height, "PNG", **kw)


def png_bomb_bytes(width=10_000, height=10_000):
    """A real 1×1 PNG whose header claims width×height pixels (a decompression bomb)."""
    data = bytearray(png_bytes(1, 1))
    # Signature (8) + IHDR length (4) + b"IHDR" (4): width and height follow.
    assert data[12:16] == b"IHDR"
    struct.pack_into(">II", data, 16, width, height)
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF  # type + 13 bytes of IHDR data
    struct.pack_into(">I", data, 29, crc)
    return bytes(data)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
