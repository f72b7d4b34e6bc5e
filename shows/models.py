"""Shows, where they air and stream, and when."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from editing.locking import VersionedModel
from editing.names import search_key
from editing.richtext import SanitizedRichTextField
from pictures.images import ValidatedImageField
from pictures.models import FromTheLibrary

from . import schedule

INTERNATIONAL = "International"


class Network(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="As printed on air, e.g. “tvN”.")
    slug = models.SlugField(max_length=100, unique=True)
    country = models.CharField(
        max_length=2, default="KR", help_text="Two-letter country code of the broadcaster, e.g. KR."
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shows:index") + f"?network={self.slug}"


class StreamingService(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="e.g. “Netflix”.")
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(blank=True, help_text="The service's home page.")

    class Meta:
        ordering = ["name"]
        verbose_name = "streaming service"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("shows:index") + f"?service={self.slug}"


class Genre(TagBase):
    """Genres are their own vocabulary, separate from article tags."""

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return reverse("shows:index") + f"?genre={self.slug}"


class TaggedShow(TaggedItemBase):
    tag = models.ForeignKey(Genre, on_delete=models.CASCADE, related_name="tagged_shows")
    content_object = models.ForeignKey("Show", on_delete=models.CASCADE)


class Show(FromTheLibrary, VersionedModel):
    library_copies = {
        "file": "poster",
        "width": "poster_width",
        "height": "poster_height",
        "alt_text": "poster_alt",
        "credit": "poster_credit",
    }

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        AIRING = "airing", "Airing"
        ENDED = "ended", "Ended"

    title = models.CharField(max_length=200, help_text="The English title readers search for.")
    original_title = models.CharField(
        "original title", max_length=200, blank=True, help_text="The Korean title in Hangul, e.g. 눈물의 여왕."
    )
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Part of the show's address. If it changes, the old address leads here."
    )
    logline = models.TextField(
        blank=True, help_text="One or two sentences. Quote an official logline and credit it below."
    )
    logline_attribution = models.CharField(
        max_length=100, blank=True, help_text="Who wrote the logline, e.g. “Netflix”. Leave empty if it is our own."
    )
    synopsis = SanitizedRichTextField(config_name="short", blank=True, help_text="A longer, spoiler-free summary.")
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shows",
        help_text="The channel that airs it first in Korea.",
    )
    services = models.ManyToManyField(StreamingService, through="Availability", related_name="shows", blank=True)
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.UPCOMING,
        help_text="Airing while new episodes are still coming out; Ended once the finale has aired.",
    )
    premiere_date = models.DateField(null=True, blank=True)
    finale_date = models.DateField(null=True, blank=True)
    episode_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Planned number of episodes; leave empty if not announced."
    )
    runtime_minutes = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, help_text="Typical length of one episode."
    )
    poster = ValidatedImageField(
        upload_to="shows/posters/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        help_text="Portrait key art. JPEG, PNG, GIF or WebP, up to 10 MB.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_alt = models.CharField(
        "poster alt text",
        max_length=250,
        blank=True,
        help_text="Describe the poster for readers who cannot see it. Required when there is a poster.",
    )
    poster_credit = models.CharField(
        max_length=200,
        blank=True,
        default="",
        # In the database too, so code from before the column (older migrations' steps) can add shows.
        db_default="",
        help_text="Who made the poster or where it comes from, e.g. “tvN”.",
    )
    genres = TaggableManager(through=TaggedShow, blank=True, help_text="Comma-separated, e.g. romance, comedy.")
    search_titles = models.TextField(
        editable=False,
        blank=True,
        default="",
        help_text="Both titles, lowercased without spaces or punctuation, for search.",
    )
    updated_at = models.DateTimeField("updated time", auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_titles = search_key(self.title, self.original_title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "original_title"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_titles"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("shows:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.poster and not self.poster_alt.strip():
            raise ValidationError({"poster_alt": "Describe the poster for readers who cannot see it."})
        if self.premiere_date and self.finale_date and self.finale_date < self.premiere_date:
            raise ValidationError({"finale_date": "The finale cannot come before the premiere."})

    @property
    def years(self):
        if not self.premiere_date:
            return ""
        end = self.finale_date.year if self.finale_date else None
        start = self.premiere_date.year
        return str(start) if end in (None, start) else f"{start}–{end}"

    # Schedule -----------------------------------------------------------
    # These read self.air_slots.all() and self.availabilities.all(), so views
    # prefetch them once and every phrase below costs no further query.

    def schedule_phrase(self):
        """'every Saturday and Sunday', from the air slots."""
        return schedule.describe_weekdays(slot.weekday for slot in self.air_slots.all())

    def schedule_sentence(self):
        """'New episodes every Saturday and Sunday at 9:10 PM KST' (airing shows only)."""
        slots = list(self.air_slots.all())
        if not slots:
            return ""
        phrase = schedule.describe_weekdays(slot.weekday for slot in slots)
        times = {(slot.local_time, slot.time_zone) for slot in slots}
        when = ""
        if len(times) == 1:
            local_time, zone = times.pop()
            when = f" at {schedule.format_clock(local_time)} {AirSlot.zone_abbreviation(zone)}"
        if self.status == self.Status.ENDED:
            return f"Aired {phrase}{when}"
        return f"New episodes {phrase}{when}"

    def next_airing(self, now=None):
        """When the next new episode airs (aware datetime), or None if none is due."""
        if self.status == self.Status.ENDED:
            return None
        now = now or timezone.now()
        slots = [(slot.weekday, slot.local_time, slot.time_zone) for slot in self.air_slots.all()]
        if not slots:
            return None
        moment = now
        if self.premiere_date:
            # An upcoming show airs no earlier than its premiere day.
            first = dt.datetime.combine(self.premiere_date, dt.time.min, tzinfo=zoneinfo.ZoneInfo(slots[0][2]))
            moment = max(now, first - dt.timedelta(seconds=1))
        upcoming = schedule.next_slot_after(slots, moment)
        if self.finale_date and upcoming and upcoming.date() > self.finale_date:
            return None
        return upcoming

    def status_on(self, day):
        """Upcoming, airing or ended on a given date, from the premiere and finale dates."""
        if self.premiere_date and day < self.premiere_date:
            return self.Status.UPCOMING
        if self.finale_date and day > self.finale_date:
            return self.Status.ENDED
        if self.premiere_date:
            return self.Status.AIRING
        return self.status

    def where_to_watch(self, as_of=None):
        """Where and when readers can watch, as a sentence.

        as_of (a datetime) words it as things stood then: an article's closing
        line is part of the article and reads as of its publication, the way
        a dated news story does. Without it, the line describes today.
        """
        availability = [a.phrase() for a in self.availabilities.all()]
        if not availability and not self.network_id:
            return ""
        status = self.status if as_of is None else self.status_on(timezone.localdate(as_of))
        ended = status == self.Status.ENDED
        if availability:
            sentence = f"{self.title} is available to watch {schedule.join_words(availability)}"
        else:
            sentence = f"{self.title} {'aired' if ended else 'airs'} on {self.network}"
        phrase = self.schedule_phrase()
        if phrase and not ended:
            sentence += f", with new episodes {phrase}"
        elif phrase and availability:
            on = f" on {self.network}" if self.network_id else ""
            sentence += f". It aired {phrase}{on}"
        elif phrase:
            sentence += f" {phrase}"
        return sentence + "."


class Availability(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="availabilities")
    service = models.ForeignKey(StreamingService, on_delete=models.PROTECT, related_name="availabilities")
    regions = models.CharField(
        max_length=200,
        default=INTERNATIONAL,
        help_text="“International” for worldwide outside Korea, or the countries, e.g. “South Korea”.",
    )
    url = models.URLField("link", blank=True, help_text="Direct link to the show on the service.")

    class Meta:
        ordering = ["show", "service__name", "regions"]
        verbose_name_plural = "availability"
        constraints = [
            models.UniqueConstraint(fields=["show", "service", "regions"], name="unique_show_service_regions")
        ]

    def __str__(self):
        return f"{self.show} on {self.service} ({self.regions})"

    def get_absolute_url(self):
        return f"{self.show.get_absolute_url()}#where-to-watch"

    @property
    def is_international(self):
        return self.regions.strip().lower() == INTERNATIONAL.lower()

    def phrase(self):
        """'internationally on Netflix' or 'in South Korea on TVING'."""
        if self.is_international:
            return f"internationally on {self.service}"
        return f"in {self.regions} on {self.service}"


class AirSlot(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="air_slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)
    local_time = models.TimeField(help_text="Broadcast time in the time zone below, e.g. 21:10.")
    time_zone = models.CharField(max_length=64, default="Asia/Seoul", help_text="IANA time zone name, e.g. Asia/Seoul.")

    class Meta:
        ordering = ["show", "weekday", "local_time"]
        verbose_name = "air slot"
        constraints = [models.UniqueConstraint(fields=["show", "weekday", "local_time"], name="unique_show_air_slot")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.local_time:%H:%M} ({self.time_zone})"

    def get_absolute_url(self):
        return f"{self.show.get_absolute_url()}#schedule"

    def clean(self):
        if self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError({"time_zone": "Use an IANA time zone name such as Asia/Seoul."})

    @staticmethod
    def zone_abbreviation(zone):
        """KST for Asia/Seoul; the zone's own abbreviation otherwise."""
        return dt.datetime.now(zoneinfo.ZoneInfo(zone)).tzname()


class Episode(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField()
    air_date = models.DateField(null=True, blank=True, help_text="First broadcast in Korea.")
    title = models.CharField(max_length=200, blank=True, help_text="Optional; most K-dramas only number them.")

    class Meta:
        ordering = ["show", "number"]
        constraints = [models.UniqueConstraint(fields=["show", "number"], name="unique_episode_number")]

    def __str__(self):
        label = f"{self.show} episode {self.number}"
        return f"{label}: {self.title}" if self.title else label

    def get_absolute_url(self):
        return f"{self.show.get_absolute_url()}#episode-{self.number}"
