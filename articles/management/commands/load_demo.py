"""Load the demo newsroom. Safe to run again: it updates rows in place."""

import datetime as dt
import io

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from reversion.models import Version

from articles import audit
from articles import demo_content as demo
from articles.models import Article, ArticleImage, PullQuote, SpoilerReport, VideoEmbed
from dramasite import pagecache
from people.models import Credit, Person
from shows.models import AirSlot, Availability, Episode, Network, Show, StreamingService


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def draw_leads_picture(labels):
    """A 1200×675 illustration of two people under an umbrella, made with Pillow."""
    image = Image.new("RGB", (1200, 675), "#cfd8e3")
    draw = ImageDraw.Draw(image)
    for y in range(675):  # rainy evening sky
        shade = 200 - y // 8
        draw.line([(0, y), (1200, y)], fill=(shade - 40, shade - 20, shade + 10))
    for x in range(0, 1200, 37):
        draw.line([(x, 0), (x - 30, 675)], fill=(180, 190, 210), width=1)
    draw.pieslice([330, 90, 870, 430], 180, 360, fill="#1f2937")
    draw.line([(600, 260), (600, 470)], fill="#111827", width=8)
    for cx, coat, label in ((480, "#2b4c7e", labels[0]), (720, "#b83b5e", labels[1])):
        draw.ellipse([cx - 55, 280, cx + 55, 390], fill="#f1c9a5")
        draw.rounded_rectangle([cx - 95, 395, cx + 95, 675], radius=40, fill=coat)
        draw.text((cx, 640), label, fill="white", anchor="ms", font=_font(30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def draw_poster(title, original, colors):
    image = Image.new("RGB", (600, 900), colors[0])
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 40, 560, 860], outline=colors[1], width=6)
    draw.text((300, 700), title, fill=colors[1], anchor="ms", font=_font(40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class Command(BaseCommand):
    help = "Create or refresh the demo shows, people and articles (and demo logins when DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the site will be served, for the printed links."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        staff = self.load_staff()
        networks = {
            row["slug"]: Network.objects.update_or_create(slug=row["slug"], defaults=row)[0] for row in demo.NETWORKS
        }
        services = {
            row["slug"]: StreamingService.objects.update_or_create(slug=row["slug"], defaults=row)[0]
            for row in demo.SERVICES
        }
        shows = {row["slug"]: self.load_show(row, networks, services, now) for row in demo.SHOWS}
        people = {row["slug"]: self.load_person(row) for row in demo.PEOPLE}
        for person, show, character, kind, order in demo.CREDITS:
            Credit.objects.update_or_create(
                person=people[person],
                show=shows[show],
                kind=kind,
                character_name=character,
                defaults={"billing_order": order},
            )
        # Spoiler markings set here are logged as the demo loader's, not as an anonymous change.
        with audit.acting(None, "load_demo"):
            for row in demo.ARTICLES:
                self.load_article(row, staff, shows, people, now)
        self.load_reports()
        self.record_first_versions()
        # Some demo dates are set with QuerySet.update(), which no invalidation receiver sees.
        transaction.on_commit(pagecache.bump_everything)
        self.report(options["site_url"].rstrip("/"))

    def load_staff(self):
        """The demo bylines; with DEBUG on, also logins. Never touches a real account."""
        User = get_user_model()
        users = {}
        for row in demo.STAFF:
            email = f"{row['username']}@{demo.DEMO_EMAIL_DOMAIN}"
            user = User.objects.filter(username=row["username"]).first()
            if user is not None and user.email != email:
                raise CommandError(
                    f"An account named {row['username']!r} already exists and is not a demo account; "
                    "load_demo will not change it. Load the demo into another database."
                )
            user = user or User(username=row["username"], email=email)
            user.first_name, user.last_name = row["first_name"], row["last_name"]
            if settings.DEBUG:
                # Demo logins exist only on development machines.
                user.is_staff = True
                user.set_password(demo.DEMO_PASSWORD)
            else:
                # A production load must never leave a known password behind.
                user.is_staff = False
                user.set_unusable_password()
            user.save()
            if settings.DEBUG:
                user.groups.add(Group.objects.get(name=row["group"]))
            else:
                user.groups.clear()
            users[row["username"]] = user
        return users

    def load_show(self, row, networks, services, now):
        fields = {
            key: row[key]
            for key in (
                "title",
                "original_title",
                "status",
                "episode_count",
                "runtime_minutes",
                "logline",
                "logline_attribution",
                "synopsis",
            )
        }
        if "relative_premiere_weeks" in row:
            today = timezone.localdate(now)
            first = today + dt.timedelta(weeks=row["relative_premiere_weeks"])
            first += dt.timedelta(days=(row["slots"][0][0] - first.weekday()) % 7)
            fields["premiere_date"] = first
            fields["finale_date"] = None
        else:
            fields["premiere_date"], fields["finale_date"] = row["premiere_date"], row["finale_date"]
        show, _ = Show.objects.update_or_create(
            slug=row["slug"],
            defaults={**fields, "network": networks[row["network"]], "poster_alt": f"Poster for {row['title']}"},
        )
        if not show.poster:
            # Assigned and saved, not poster.save(): the field's pre_save then re-encodes the
            # picture and stores its size, so pages never open the file to learn it.
            show.poster = ContentFile(
                draw_poster(row["title"], row["original_title"], row["poster_colors"]), name=f"{row['slug']}.png"
            )
            show.save()
        show.genres.set(row["genres"])
        for weekday, local_time in row["slots"]:
            AirSlot.objects.get_or_create(
                show=show, weekday=weekday, local_time=local_time, defaults={"time_zone": "Asia/Seoul"}
            )
        for service, regions, url in row["availability"]:
            Availability.objects.update_or_create(
                show=show, service=services[service], regions=regions, defaults={"url": url}
            )
        self.load_episodes(show, row)
        return show

    def load_person(self, row):
        fields = {k: v for k, v in row.items() if k not in ("slug", "photo_colors")}
        person, _ = Person.objects.update_or_create(slug=row["slug"], defaults=fields)
        if "photo_colors" in row and not person.photo:
            # A drawn stand-in portrait: the demo has no rights to real photos.
            person.photo_alt = f"Illustrated placeholder portrait of {row['name']}"
            person.photo_credit = "Dramasite illustration"
            person.photo = ContentFile(
                draw_poster(row["name"], row["hangul_name"], row["photo_colors"]), name=f"{row['slug']}.png"
            )
            person.save()  # stores the photo's size too (see the poster above)
        return person

    def load_episodes(self, show, row):
        """Episodes follow the air slots from the premiere, two or so a week."""
        weekdays = sorted(weekday for weekday, _ in row["slots"])
        day, number = show.premiere_date, 0
        while number < show.episode_count:
            if day.weekday() in weekdays:
                number += 1
                Episode.objects.update_or_create(show=show, number=number, defaults={"air_date": day})
            day += dt.timedelta(days=1)

    def load_article(self, row, staff, shows, people, now):
        spoiler_show, through, warning = row.get("spoiler", (None, None, ""))
        fields = {
            "headline": row["headline"],
            "dek": row["dek"],
            "body": row["body"].strip(),
            "section": row["section"],
            "status": row["status"],
            "author": staff[row["author"]],
            "has_spoilers": spoiler_show is not None,
            "spoiler_show": shows.get(spoiler_show),
            "spoiler_through_episode": through,
            "spoiler_warning": warning,
        }
        if "at" in row:
            publish_at = row["at"]
        else:
            publish_at = None if row["hours"] is None else now + dt.timedelta(hours=row["hours"])
        # Publish times are set once, relative to the first load, so a second
        # run leaves the front page as it was.
        article, _ = Article.objects.update_or_create(
            slug=row["slug"], defaults=fields, create_defaults={**fields, "publish_at": publish_at}
        )
        if article.publish_at:
            # Demo articles read as unedited since publication (update() skips auto_now).
            Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)
        article.shows.set([shows[slug] for slug in row["shows"]])
        article.people.set([people[slug] for slug in row["people"]])
        article.tags.set(row["tags"])
        for quote in row.get("quotes", []):
            PullQuote.objects.update_or_create(article=article, position=quote["position"], defaults=quote)
        for video in row.get("videos", []):
            VideoEmbed.objects.update_or_create(article=article, position=video["position"], defaults=video)
        for picture in row.get("images", []):
            fields = {k: picture[k] for k in ("alt_text", "caption", "credit", "is_lead")}
            image, created = ArticleImage.objects.get_or_create(
                article=article, position=picture["position"], defaults=fields
            )
            if created or not image.image:
                # Assigned, so the save below re-encodes it and stores its size (see load_show).
                image.image = ContentFile(draw_leads_picture(picture["labels"]), name=picture["filename"])
            for key, value in fields.items():
                setattr(image, key, value)
            image.save()

    def load_reports(self):
        for slug, message, episode in demo.REPORTS:
            SpoilerReport.objects.get_or_create(
                article=Article.objects.get(slug=slug), message=message, defaults={"episode": episode}
            )

    def record_first_versions(self):
        """Give demo content a first entry in its admin history, once (reloads add none)."""
        with reversion.create_revision():
            reversion.set_comment("Demo content loaded.")
            for model in (Show, Person, Article):
                for obj in model.objects.all():
                    if not Version.objects.get_for_object(obj).exists():
                        reversion.add_to_revision(obj)

    def report(self, base):
        reference = Article.objects.get(slug=demo.REFERENCE_SLUG)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Show.objects.count()} shows, {Person.objects.count()} people, "
                f"{Article.objects.count()} articles ({Article.objects.published().count()} live)."
            )
        )
        self.stdout.write(f"  Site:          {base}/")
        self.stdout.write(f"  Demo article:  {base}{reference.get_absolute_url()}")
        self.stdout.write(f"  Admin:         {base}/admin/")
        if settings.DEBUG:
            self.stdout.write(f"  Demo logins (password for all: {demo.DEMO_PASSWORD}):")
            for row in demo.STAFF:
                self.stdout.write(f"    {row['username']:<10} {row['group']}")
        else:
            self.stdout.write("  DEBUG is off, so no demo logins were created.")
