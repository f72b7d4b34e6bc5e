"""Load the demo newsroom: create what is missing, keep what exists; --reset puts the demo back.

Run again (every `make run` does), it leaves demo rows that exist alone, so an
editor's publish, a changed dek or a moderator's marking survives, and the
spoiler log records nothing. Rows inside a demo row (its slots, episodes,
quotes, images, reports) are made with that row, so one an editor deleted is
not brought back either. `--reset` puts every demo row back as the demo has
it and prints what it changed.
"""

import datetime as dt
from collections import Counter

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from addresses.models import Redirect
from articles import spoiler_log
from articles.models import (
    Article,
    ArticleCoAuthor,
    ArticleImage,
    Contributor,
    Correction,
    PullQuote,
    ReviewNote,
    SpoilerReport,
    VideoEmbed,
)
from demo import content as demo
from demo.drawings import draw_leads_picture, draw_poster
from pagecache import pages
from people.models import Credit, Person
from pictures.models import Photo
from shows.models import AirSlot, Availability, Episode, Network, Show, StreamingService


def _tense(moment, now):
    return None if moment is None else moment <= now


class Command(BaseCommand):
    help = (
        "Create the demo shows, people and articles that are missing (and demo logins when DEBUG is on). "
        "Demo rows that exist already are left as they are; --reset puts them back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the site will be served, for the printed links."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put every demo row back as the demo has it (undoing edits to demo content) and say what changed.",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        self.reset = reset
        self.created = Counter()  # verbose_name_plural -> rows created
        self.changes = []  # "article “…”: dek, status" lines, with --reset
        self.new_rows = set()  # (model, slug) of the shows, people and articles made now; their parts come with them
        now = timezone.now()
        staff = self.load_staff()
        networks = {row["slug"]: self.ensure(Network, {"slug": row["slug"]}, row)[0] for row in demo.NETWORKS}
        services = {row["slug"]: self.ensure(StreamingService, {"slug": row["slug"]}, row)[0] for row in demo.SERVICES}
        shows = {}
        for row in demo.SHOWS:
            shows[row["slug"]] = self.load_show(row, networks, services, now)
        people = {row["slug"]: self.load_person(row) for row in demo.PEOPLE}
        for person, show, character, kind, order in demo.CREDITS:
            # A credit belongs to both rows: made with either, or put back by --reset.
            if self.reset or (Person, person) in self.new_rows or (Show, show) in self.new_rows:
                self.ensure(
                    Credit,
                    {"person": people[person], "show": shows[show], "kind": kind, "character_name": character},
                    {"billing_order": order},
                )
        # Spoiler markings set here are logged as the demo loader's; nothing is logged for rows left alone.
        with spoiler_log.acting(None, "load_demo"):
            for row in demo.ARTICLES:
                self.load_article(row, staff, shows, people, now)
        self.load_co_authors(staff)
        self.load_reports()
        self.load_review_notes(staff)
        self.load_moved_addresses()
        self.load_corrections()
        self.record_first_versions()
        if self.created or self.changes:
            # Some demo dates are set with QuerySet.update(), which no invalidation receiver sees.
            transaction.on_commit(pages.bump_everything)
        self.report(options["site_url"].rstrip("/"))

    # Creating what is missing, and --reset -------------------------------------

    def ensure(self, model, lookup, values, create_only=None):
        """(row, created): the demo row found by lookup, made if missing; with --reset, put back to values."""
        values = {name: value for name, value in values.items() if name not in lookup}
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model.objects.create(**lookup, **values, **(create_only or {}))
            self.created[model._meta.verbose_name_plural] += 1
            if "slug" in lookup:
                self.new_rows.add((model, lookup["slug"]))
            return row, True
        if self.reset:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                row.save()
                self.changed(row, changed)
        return row, False

    def ensure_set(self, row, relation, wanted, created, key=lambda item: item):
        """A demo row's many-to-many links: set when it is new; with --reset, put back if they differ."""
        if not (created or self.reset):
            return
        manager = getattr(row, relation)
        if {key(item) for item in manager.all()} == {key(item) for item in wanted}:
            return
        manager.set(wanted)
        if not created:
            self.changed(row, [relation])

    def changed(self, row, fields):
        names = [str(row._meta.get_field(name).verbose_name) for name in fields]
        self.changes.append(f"{row._meta.verbose_name} “{row}”: {', '.join(names)}")

    def part_of_new_or_reset(self, parent_created):
        """Rows inside a demo row (slots, episodes, quotes...) are made with it, or put back by --reset."""
        return parent_created or self.reset

    # The rows -----------------------------------------------------------------

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
            group = Group.objects.get(name=row["group"])
            if not settings.DEBUG:
                # A production load must never leave a known password behind, new account or old.
                user = user or User(username=row["username"], email=email, first_name=row["first_name"])
                user.last_name, user.is_staff = row["last_name"], False
                user.set_unusable_password()
                user.save()
                user.groups.clear()
            elif user is None or not user.has_usable_password() or (self.reset and not self.is_as_demo(user, row)):
                # Demo logins exist only on development machines; one a production load locked is unlocked.
                if user is None:
                    self.created["demo logins"] += 1
                else:
                    self.changes.append(f"demo login “{user.get_username()}”: password, name and group")
                user = user or User(username=row["username"], email=email)
                user.first_name, user.last_name, user.is_staff = row["first_name"], row["last_name"], True
                user.set_password(demo.DEMO_PASSWORD)
                user.save()
                user.groups.set([group])
            users[row["username"]] = user
        return users

    @staticmethod
    def is_as_demo(user, row):
        return (
            (user.first_name, user.last_name, user.is_staff) == (row["first_name"], row["last_name"], True)
            and list(user.groups.values_list("name", flat=True)) == [row["group"]]
            and user.check_password(demo.DEMO_PASSWORD)
        )

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
        fields.update(
            network=networks[row["network"]], poster_alt=f"Poster for {row['title']}", poster_credit=demo.DRAWN_CREDIT
        )
        show, created = self.ensure(Show, {"slug": row["slug"]}, fields)
        if self.part_of_new_or_reset(created) and not show.poster:
            # Assigned and saved, not poster.save(): the field's pre_save then re-encodes the
            # picture and stores its size, so pages never open the file to learn it.
            show.poster = ContentFile(
                draw_poster(row["title"], row["original_title"], row["poster_colors"]), name=f"{row['slug']}.png"
            )
            show.save()
            self.library_terms(show)
        self.ensure_set(show, "genres", row["genres"], created, key=lambda genre: getattr(genre, "name", genre))
        if self.part_of_new_or_reset(created):
            for weekday, local_time in row["slots"]:
                self.ensure(
                    AirSlot, {"show": show, "weekday": weekday, "local_time": local_time}, {"time_zone": "Asia/Seoul"}
                )
            for service, regions, url in row["availability"]:
                self.ensure(
                    Availability, {"show": show, "service": services[service], "regions": regions}, {"url": url}
                )
            self.load_episodes(show, row)
        return show

    def load_person(self, row):
        fields = {k: v for k, v in row.items() if k not in ("slug", "photo_colors")}
        if "photo_colors" in row:
            fields.update(
                photo_alt=f"Illustrated placeholder portrait of {row['name']}", photo_credit=demo.DRAWN_CREDIT
            )
        person, created = self.ensure(Person, {"slug": row["slug"]}, fields)
        if "photo_colors" in row and self.part_of_new_or_reset(created) and not person.photo:
            # A drawn stand-in portrait: the demo has no rights to real photos.
            person.photo = ContentFile(
                draw_poster(row["name"], row["hangul_name"], row["photo_colors"]), name=f"{row['slug']}.png"
            )
            person.save()  # stores the photo's size too (see the poster above)
            self.library_terms(person)
        return person

    def library_terms(self, use, picture=None):
        """The rights of a drawn picture the upload put in the library (a few carry pretend press-kit terms)."""
        terms = {"rights_note": demo.DRAWN_RIGHTS}
        if picture and "rights_days" in picture:
            terms = {
                "rights_note": demo.PRESS_KIT_RIGHTS,
                "rights_until": timezone.localdate() + dt.timedelta(days=picture["rights_days"]),
            }
        photo = Photo.objects.get(pk=use.library_photo_id)
        for name, value in terms.items():
            setattr(photo, name, value)
        photo.save()  # saved, not update()d: an end date reaches the rows showing the photo

    def load_episodes(self, show, row):
        """Episodes follow the air slots from the premiere, two or so a week."""
        weekdays = sorted(weekday for weekday, _ in row["slots"])
        day, number = show.premiere_date, 0
        while number < show.episode_count:
            if day.weekday() in weekdays:
                number += 1
                self.ensure(Episode, {"show": show, "number": number}, {"air_date": day})
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
            "seo_title": row.get("seo_title", ""),
            "meta_description": row.get("meta_description", ""),
        }
        if "at" in row:
            publish_at = row["at"]
        else:
            publish_at = None if row["hours"] is None else now + dt.timedelta(hours=row["hours"])
        # Publish times are set when an article is made (relative ones from that moment), so a
        # second run leaves the front page as it was. --reset puts a dated one back, and a relative
        # one only when it is no longer what the demo means (none, past or future).
        if self.reset:
            fields["publish_at"] = publish_at
            current = Article.objects.filter(slug=row["slug"]).values_list("publish_at", flat=True).first()
            if "at" not in row and _tense(current, now) == _tense(publish_at, now):
                fields["publish_at"] = current
        before = len(self.changes)
        create_only = {"publish_at": publish_at}
        if "take_down_hours" in row:
            # Like the publish time, set from the moment the article is made.
            create_only["unpublish_at"] = now + dt.timedelta(hours=row["take_down_hours"])
        if self.reset:
            create_only = {key: value for key, value in create_only.items() if key not in fields}
        article, created = self.ensure(Article, {"slug": row["slug"]}, fields, create_only=create_only or None)
        self.ensure_set(article, "shows", [shows[slug] for slug in row["shows"]], created)
        self.ensure_set(article, "people", [people[slug] for slug in row["people"]], created)
        self.ensure_set(article, "tags", row["tags"], created, key=lambda tag: getattr(tag, "name", tag))
        if not self.part_of_new_or_reset(created):
            return
        for quote in row.get("quotes", []):
            self.ensure(PullQuote, {"article": article, "position": quote["position"]}, quote)
        for video in row.get("videos", []):
            self.ensure(VideoEmbed, {"article": article, "position": video["position"]}, video)
        for picture in row.get("images", []):
            if "photo_of" in picture:  # a photo already in the library, placed again with its own caption
                source = ArticleImage.objects.filter(article__slug=picture["photo_of"]).order_by("position", "pk")
                source = source.exclude(library_photo=None).first()
                if source is not None:  # an editor may have removed that story's picture since
                    values = {"caption": picture["caption"], "is_lead": picture["is_lead"]}
                    values["library_photo"] = source.library_photo
                    self.ensure(ArticleImage, {"article": article, "position": picture["position"]}, values)
                continue
            values = {k: picture[k] for k in ("alt_text", "caption", "credit", "is_lead")}
            image, _ = self.ensure(ArticleImage, {"article": article, "position": picture["position"]}, values)
            if not image.image:
                # Assigned, so the save re-encodes it and stores its size (see load_show); the
                # upload goes into the photo library, as one made in the admin would.
                image.image = ContentFile(draw_leads_picture(picture["labels"]), name=picture["filename"])
                image.save()
                self.library_terms(image, picture)
        if article.publish_at and (created or len(self.changes) > before):
            # Demo articles read as unedited since publication (update() skips auto_now).
            Article.objects.filter(pk=article.pk).update(updated_at=article.publish_at)

    def load_reports(self):
        for slug, message, episode in demo.REPORTS:
            if self.reset or (Article, slug) in self.new_rows:
                self.ensure(
                    SpoilerReport, {"article": Article.objects.get(slug=slug), "message": message}, {"episode": episode}
                )

    def load_review_notes(self, staff):
        for slug, editor, text in demo.REVIEW_NOTES:
            if self.reset or (Article, slug) in self.new_rows:
                article = Article.objects.get(slug=slug)
                self.ensure(ReviewNote, {"article": article, "text": text}, {"written_by": staff[editor]})

    def load_co_authors(self, staff):
        contributors = {
            row["slug"]: self.ensure(Contributor, {"slug": row["slug"]}, row)[0] for row in demo.CONTRIBUTORS
        }
        for slug, names in demo.CO_AUTHORS:
            if self.reset or (Article, slug) in self.new_rows:
                article = Article.objects.get(slug=slug)
                for position, (kind, key) in enumerate(names, start=1):
                    who = {"staff": staff[key]} if kind == "staff" else {"contributor": contributors[key]}
                    self.ensure(ArticleCoAuthor, {"article": article, **who}, {"position": position})

    def load_corrections(self):
        for slug, kind, hours, text in demo.CORRECTIONS:
            if self.reset or (Article, slug) in self.new_rows:
                article = Article.objects.get(slug=slug)
                noted_at = article.publish_at + dt.timedelta(hours=hours)
                self.ensure(Correction, {"article": article, "kind": kind}, {"text": text, "noted_at": noted_at})
                # The article last changed when the note was made, not when the demo was loaded.
                Article.objects.filter(pk=article.pk).update(updated_at=noted_at)

    def load_moved_addresses(self):
        """The old addresses of renamed demo articles, leading to where they are now (made as a rename makes them)."""
        for old_path, slug in demo.MOVED_ADDRESSES:
            if self.reset or (Article, slug) in self.new_rows:
                new_path = Article.objects.get(slug=slug).get_absolute_url()
                self.ensure(Redirect, {"old_path": old_path}, {"new_path": new_path, "automatic": True})

    def record_first_versions(self):
        """Give demo content a first entry in its admin history, once (reloads add none)."""
        with reversion.create_revision():
            reversion.set_comment("Demo content loaded.")
            for model in (Show, Person, Article):
                for obj in model.objects.all():
                    if not Version.objects.get_for_object(obj).exists():
                        reversion.add_to_revision(obj)

    def report(self, base):
        if self.created:
            made = ", ".join(f"{count} {name}" for name, count in self.created.items())
            self.stdout.write(f"Created what was missing: {made}.")
        elif not self.reset:
            self.stdout.write("Nothing to create: every demo row is here, kept as it is.")
        if self.reset:
            if self.changes:
                self.stdout.write(f"Put back as the demo has them ({len(self.changes)}):")
                for line in self.changes:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write("Nothing to put back: the demo rows are as the demo has them.")
        else:
            self.stdout.write("Demo rows that already existed were left alone (load_demo --reset puts them back).")
        reference = Article.objects.filter(slug=demo.REFERENCE_SLUG).first()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Show.objects.count()} shows, {Person.objects.count()} people, "
                f"{Article.objects.count()} articles ({Article.objects.published().count()} live)."
            )
        )
        self.stdout.write(f"  Site:          {base}/")
        if reference is not None:
            self.stdout.write(f"  Demo article:  {base}{reference.get_absolute_url()}")
        self.stdout.write(f"  Admin:         {base}/admin/")
        if settings.DEBUG:
            self.stdout.write(f"  Demo logins (password for all: {demo.DEMO_PASSWORD}, unless you changed it):")
            for row in demo.STAFF:
                self.stdout.write(f"    {row['username']:<10} {row['group']}")
        else:
            self.stdout.write("  DEBUG is off, so no demo logins were created.")
