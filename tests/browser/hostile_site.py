"""A newsroom whose every user-writable field holds the XSS corpus, as a loaddata fixture.

Short fields carry several payloads each (``tests.xss_corpus.pack``) and the
rows are as many as the field needs to hold the whole corpus: 266 headlines of
up to 200 characters, 548 tag names of up to 100, and so on. Long text fields
(bodies, synopses, bios, loglines, quotes) hold the whole corpus in one row.
Object 0 of each kind is the "everything" row: the article with every tag,
show, person, image, quote and video, the show with every service, genre,
episode and credit. ``fields_and_values()`` lists what went where, so the test
can prove each payload reached each field.
"""

import datetime as dt
import io
import itertools

from django.utils import timezone
from PIL import Image

from tests.xss_corpus import PAYLOADS, pack

ALL = "\n".join(PAYLOADS)
# Link fields are URLFields: the admin form refuses these, loaddata does not.
HOSTILE_URLS = ["javascript:alert('link')", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x"]
PICTURE = "hostile/picture.png"  # one small real PNG that every image row points at
AUTHOR_PK, SHOW_PK, PERSON_PK, ARTICLE_PK = 1, 1, 1, 1
SMALL_PARENTS = (2, 3, 4)  # ordinary-sized articles and shows, whose admin change pages are opened


def picture_bytes():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#446688").save(out, format="PNG")
    return out.getvalue()


def chunks(width, count=None):
    """The corpus packed into strings of at most width characters, repeated round-robin to count rows."""
    packed = pack(PAYLOADS, width)
    if count is None:
        return packed
    return list(itertools.islice(itertools.cycle(packed), max(count, len(packed))))


class HostileSite:
    """The rows (for loaddata) and, per field, every value written into it."""

    def __init__(self):
        self.rows = []
        self.written = {}  # "model.field" -> list of values written
        self.now = timezone.now()
        self._build()

    # What each field holds, and how many rows each kind needs -----------

    def _write(self, model, field, value):
        self.written.setdefault(f"{model}.{field}", []).append(value)
        return value

    def _row(self, model, pk, **fields):
        self.rows.append({"model": model, "pk": pk, "fields": fields})

    def _build(self):
        stamp = self.now.isoformat()
        self._row(
            "auth.user",
            AUTHOR_PK,
            username="hostile-author",
            first_name="Hostile",
            last_name="Author",
            is_staff=True,
            password="!",
            date_joined=stamp,
        )
        self._shows_and_people(stamp)
        self._articles(stamp)

    def _shows_and_people(self, stamp):
        names100 = chunks(100)
        for pk, name in enumerate(names100, start=1):
            self._row("shows.network", pk, name=self._write("network", "name", name), slug=f"network-{pk}")
            self._row("shows.streamingservice", pk, name=self._write("service", "name", name), slug=f"service-{pk}")
            self._row("shows.genre", pk, name=self._write("genre", "name", name), slug=f"genre-{pk}")
            self._row("taggit.tag", pk, name=self._write("tag", "name", name), slug=f"tag-{pk}")

        count = len(names100)
        titles, lines250, lines300 = chunks(200, count), chunks(250, count), chunks(300, count)
        for index in range(count):
            pk = index + 1
            self._row(
                "shows.show",
                pk,
                title=self._write("show", "title", titles[index]),
                original_title=self._write("show", "original_title", titles[-1 - index]),
                slug=f"show-{pk}",
                logline=self._write("show", "logline", ALL if pk == SHOW_PK else lines300[index]),
                logline_attribution=self._write("show", "logline_attribution", names100[index]),
                synopsis=self._write("show", "synopsis", ALL if pk == SHOW_PK else ""),
                network=pk,
                status="airing" if pk == SHOW_PK else "ended",
                episode_count=len(titles) + 1 if pk == SHOW_PK else 16,
                poster=PICTURE,
                poster_width=64,
                poster_height=48,
                poster_alt=self._write("show", "poster_alt", lines250[index]),
                updated_at=stamp,
            )
            self._row(
                "people.person",
                pk,
                name=self._write("person", "name", titles[index]),
                hangul_name=self._write("person", "hangul_name", names100[index]),
                alternative_names=self._write("person", "alternative_names", lines300[index]),
                slug=f"person-{pk}",
                photo=PICTURE,
                photo_width=64,
                photo_height=48,
                photo_alt=self._write("person", "photo_alt", lines250[index]),
                photo_credit=self._write("person", "photo_credit", titles[-1 - index]),
                bio=self._write("person", "bio", ALL if pk == PERSON_PK else ""),
                updated_at=stamp,
            )
            self._row("shows.taggedshow", pk, tag=pk, content_object=SHOW_PK)  # show 1 is in every genre

        titles200 = chunks(200)
        # Shows 2-4 get a few rows of each kind too: their admin change pages are the ones opened
        # (show 1's 548 availability, 266 episode and 266 credit forms would take a minute to render).
        extra = itertools.count(len(titles200) + 1)
        for show in SMALL_PARENTS:
            for index in range(3):
                pk = next(extra)
                title = titles200[(show * 3 + index) % len(titles200)]
                self._row(
                    "shows.episode", pk, show=show, number=index + 1, title=self._write("episode", "title", title)
                )
                self._row("people.credit", pk, person=show, show=show, character_name=title, billing_order=index + 1)
                self._row("shows.availability", count + pk, show=show, service=pk, regions=title)
        for pk, title in enumerate(titles200, start=1):
            # Show 1 streams on as many services as it takes to name every region.
            self._row(
                "shows.availability",
                pk,
                show=SHOW_PK,
                service=pk,
                regions=self._write("availability", "regions", title),
                url=HOSTILE_URLS[pk % len(HOSTILE_URLS)] if pk <= len(HOSTILE_URLS) else "https://www.netflix.com/",
            )
            self._row("shows.episode", pk, show=SHOW_PK, number=pk, title=self._write("episode", "title", title))
            self._row(
                "people.credit",
                pk,
                person=pk,
                show=SHOW_PK,
                character_name=self._write("credit", "character_name", title),
                kind="lead" if pk % 2 else "supporting",
                billing_order=pk,
            )

    def _articles(self, stamp):
        headlines, lines300 = chunks(200), chunks(300)
        # The first len(lines300) articles show their dek; the next as many are spoiler
        # articles showing their warning, so every chunk is seen in both places.
        count = max(len(headlines), 2 * len(lines300))
        headlines = chunks(200, count)
        sections = ["news", "feature", "review", "recap", "interview"]
        self.publish_times = {}
        for index in range(count):
            pk = index + 1
            spoiler = index >= len(lines300)
            self.publish_times[pk] = (self.now - dt.timedelta(minutes=index + 5)).isoformat()
            self._row(
                "articles.article",
                pk,
                headline=self._write("article", "headline", headlines[index]),
                slug=f"article-{pk}",
                dek=self._write("article", "dek", lines300[index % len(lines300)]) if not spoiler else "",
                body=self._write("article", "body", ALL if pk == ARTICLE_PK else "<p>A plain paragraph.</p>"),
                author=AUTHOR_PK,
                section=sections[index % len(sections)],
                status="published",
                publish_at=self.publish_times[pk],
                created_at=stamp,
                updated_at=stamp,
                has_spoilers=spoiler,
                spoiler_show=SHOW_PK if spoiler else None,
                spoiler_through_episode=1 if spoiler else None,
                spoiler_warning=self._write("article", "spoiler_warning", lines300[index % len(lines300)])
                if spoiler
                else "",
                shows=list(range(1, len(chunks(100)) + 1)) if pk == ARTICLE_PK else [],
                people=list(range(1, len(chunks(100)) + 1)) if pk == ARTICLE_PK else [],
            )
        self.article_count = count
        # Every tag on the "everything" article; batches of 20 articles share a plain tag, whose feed
        # (20 items at most) then carries their headlines.
        tag_count = len(chunks(100))
        item = itertools.count(1)
        for tag in range(1, tag_count + 1):
            self._tagged(next(item), tag, ARTICLE_PK)
        self.batches = []
        for batch in range(0, count, 20):
            tag = tag_count + 1 + batch // 20
            slug = f"batch-{batch // 20}"
            self._row("taggit.tag", tag, name=slug, slug=slug)
            self.batches.append(slug)
            for pk in range(batch + 1, min(batch + 20, count) + 1):
                self._tagged(next(item), tag, pk)

        alts, captions, credits = chunks(250, 266), chunks(300, 266), chunks(200, 266)
        for index in range(len(credits)):
            pk = index + 1
            self._row(
                "articles.articleimage",
                pk,
                article=ARTICLE_PK,
                position=pk,
                image=PICTURE,
                width=64,
                height=48,
                alt_text=self._write("image", "alt_text", alts[index]),
                caption=self._write("image", "caption", captions[index]),
                credit=self._write("image", "credit", credits[index]),
            )
            self._row(
                "articles.pullquote",
                pk,
                article=ARTICLE_PK,
                position=pk,
                text=self._write("quote", "text", ALL if pk == 1 else credits[index]),
                attribution=self._write("quote", "attribution", credits[index]),
                source_url=HOSTILE_URLS[pk % len(HOSTILE_URLS)] if pk <= len(HOSTILE_URLS) else "",
            )
        # Articles 2-4: a few images, quotes and videos each, for their admin change pages.
        extra = itertools.count(len(credits) + 1)
        for article in SMALL_PARENTS:
            for index in range(3):
                pk, at = next(extra), (article * 3 + index) % len(credits)
                self._row(
                    "articles.articleimage",
                    pk,
                    article=article,
                    position=index,
                    image=PICTURE,
                    width=64,
                    height=48,
                    alt_text=alts[at],
                    caption=captions[at],
                    credit=credits[at],
                )
                self._row(
                    "articles.pullquote",
                    pk,
                    article=article,
                    position=index,
                    text=captions[at],
                    attribution=credits[at],
                )
                self._row(
                    "articles.videoembed",
                    1000 + pk,
                    article=article,
                    position=index,
                    url="https://youtu.be/abcdefghijk",
                    caption=captions[at],
                )
        for pk, caption in enumerate(chunks(300), start=1):
            self._row(
                "articles.videoembed",
                pk,
                article=ARTICLE_PK,
                position=pk,
                url="https://youtu.be/abcdefghijk",
                caption=self._write("video", "caption", caption),
            )
        # The spoiler log's reasons are typed by moderators; the before/after texts are warnings.
        spoiler_article = len(lines300) + 1
        for pk, reason in enumerate(lines300, start=1):
            self._row(
                "articles.spoilerchange",
                pk,
                article=spoiler_article,
                at=stamp,
                source="moderation",
                before={"spoiler_warning": ""},
                after={"spoiler_warning": reason},
                reason=self._write("spoilerchange", "reason", reason),
            )
        self.spoiler_article = spoiler_article

    def _tagged(self, pk, tag, article):
        # Fixtures load raw, past TaggedArticle.save(): the link carries its (published) article's time itself.
        self._row("articles.taggedarticle", pk, tag=tag, content_object=article, live_from=self.publish_times[article])

    def fields_and_values(self):
        return self.written
