"""Benchmark data: a large, consistent newsroom built with bulk inserts.

Rows are made the way save() would make them, without calling it per row:
slugs are unique, bodies go through the sanitiser (SanitizedRichTextField does
it in bulk_create too), Show.search_titles and Person.search_names are
computed with the same search_key(), versions start at 0 as for a new row,
spoiler articles get the audit row their first save() would have written, and
taggit rows carry real slugs. Publication is spread over six years with some
drafts, articles in review and scheduled articles, so published() filtering
matters. Random but repeatable: the same --seed gives the same data.
"""

import datetime as dt
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from taggit.models import Tag

from articles import search_index
from articles.models import (
    Article,
    ArticleImage,
    PullQuote,
    Section,
    SpoilerChange,
    SpoilerReport,
    Status,
    TaggedArticle,
)
from articles.spoiler_log import EMPTY
from editing.names import search_key
from people.models import Credit, Person
from pictures import renditions
from shows.models import (
    INTERNATIONAL,
    AirSlot,
    Availability,
    Episode,
    Genre,
    Network,
    Show,
    StreamingService,
    TaggedShow,
)

from .progress import Progress

BENCH_EMAIL_DOMAIN = "bench.invalid"  # marks the accounts seed_bench made, so --flush removes only those
BENCH_EDITOR = "bench-editor"
SEOUL = dt.timezone(dt.timedelta(hours=9))
ARTICLE_CHUNK = 2000
# Most stories have a lead picture. A few real uploads (re-encoded, with renditions) are shared by all the
# lead-image rows, so pages render <picture> with srcset as on the live site without 75,000 files.
LEAD_IMAGE_SHARE = 0.75
LEAD_PICTURES = 12
LEAD_PICTURE_STEM = "bench-lead"
YEARS_OF_ARCHIVE = 6
# A word in these few articles and nowhere else, at every scale: the benchmark's rare-word search
# (scripts/bench.py) finds the same handful of stories in 1,000 articles and in 100,000.
RARE_WORD = "Hahoe"
RARE_WORD_ARTICLES = frozenset({97, 211, 389, 557, 823})

NETWORKS = ["tvN", "JTBC", "SBS", "KBS2", "MBC", "ENA", "OCN", "Channel A", "MBN", "TV Chosun", "KBS1", "Genie TV"]
SERVICES = ["Netflix", "TVING", "Rakuten Viki", "Disney+", "Coupang Play", "Wavve", "Prime Video"]
GENRES = [
    "romance", "comedy", "melodrama", "thriller", "fantasy", "historical",
    "legal", "medical", "mystery", "action", "slice of life", "youth",
]  # fmt: skip
TOPICS = [
    "ratings", "casting", "netflix", "box office", "awards", "ost", "webtoon adaptation", "behind the scenes",
    "finale", "premiere", "teaser", "poster", "script reading", "filming", "fan meeting", "variety shows",
    "chemistry", "second lead", "time slip", "revenge", "office romance", "chaebol", "enlistment", "comeback",
    "idol actors", "directors", "writers", "streaming", "global charts", "remake", "season 2", "cameo",
    "soundtrack", "costumes", "locations", "villains", "plot twist", "slow burn", "first kiss", "happy ending",
]  # fmt: skip
SURNAMES = [
    ("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"), ("Kang", "강"), ("Cho", "조"),
    ("Yoon", "윤"), ("Jang", "장"), ("Lim", "임"), ("Han", "한"), ("Oh", "오"), ("Seo", "서"), ("Shin", "신"),
    ("Kwon", "권"), ("Hwang", "황"), ("Ahn", "안"), ("Song", "송"), ("Jeon", "전"), ("Hong", "홍"),
]  # fmt: skip
SYLLABLES = [
    ("Soo", "수"), ("Hyun", "현"), ("Ji", "지"), ("Won", "원"), ("Min", "민"), ("Seo", "서"), ("Yeon", "연"),
    ("Woo", "우"), ("Jin", "진"), ("Hye", "혜"), ("Young", "영"), ("Jae", "재"), ("Hee", "희"), ("Eun", "은"),
    ("Bin", "빈"), ("Ha", "하"), ("Na", "나"), ("Yoon", "윤"), ("Seok", "석"), ("Jun", "준"), ("Sung", "성"),
    ("Ah", "아"), ("Ra", "라"), ("Kyung", "경"),
]  # fmt: skip
ADJECTIVES = [
    ("Secret", "비밀의"), ("Lovely", "사랑스러운"), ("Crimson", "붉은"), ("Midnight", "한밤의"), ("Golden", "황금"),
    ("Hidden", "숨겨진"), ("Lost", "잃어버린"), ("Silent", "조용한"), ("Rainy", "비 오는"), ("Royal", "왕실의"),
    ("Last", "마지막"), ("Perfect", "완벽한"), ("Strange", "이상한"), ("Brave", "용감한"), ("Bright", "빛나는"),
    ("Second", "두 번째"), ("Little", "작은"), ("Wild", "거친"), ("Blue", "푸른"), ("Frozen", "얼어붙은"),
    ("Summer", "여름"), ("Winter", "겨울"), ("Falling", "떨어지는"), ("Burning", "불타는"), ("Gentle", "다정한"),
    ("Dangerous", "위험한"), ("Eternal", "영원한"), ("Reckless", "무모한"), ("Sweet", "달콤한"), ("Broken", "부서진"),
]  # fmt: skip
NOUNS = [
    ("Garden", "정원"), ("Prosecutor", "검사"), ("Heiress", "상속녀"), ("Runner", "러너"), ("Palace", "궁"),
    ("Doctor", "의사"), ("Detective", "형사"), ("Chef", "셰프"), ("Lawyer", "변호사"), ("Idol", "아이돌"),
    ("Moon", "달"), ("Letter", "편지"), ("Promise", "약속"), ("Season", "계절"), ("Contract", "계약"),
    ("Neighbour", "이웃"), ("Mansion", "저택"), ("Station", "역"), ("Bakery", "빵집"), ("Island", "섬"),
    ("Witness", "목격자"), ("Stranger", "이방인"), ("Diary", "일기"), ("Umbrella", "우산"), ("Kingdom", "왕국"),
    ("Signal", "신호"), ("Melody", "선율"), ("Tailor", "재단사"), ("Pharmacy", "약국"), ("Library", "도서관"),
]  # fmt: skip
PHRASES = [
    "the twist nobody saw coming", "a confession in the rain", "an old rival returns", "the contract is signed",
    "a secret finally comes out", "the wedding that almost was", "a race against the clock", "one last chance",
    "the truth about the accident", "a rooftop goodbye", "the first real date", "a family dinner goes wrong",
]  # fmt: skip
SENTENCES = [
    "Viewers have taken to {show} faster than anyone at {network} expected, and the numbers keep climbing.",
    "{person} brings a quiet intensity to the role that the script alone could not have given it.",
    "The production team shot most of the series on location, and it shows in every frame.",
    "Fans online have been trading theories about the ending since the very first week.",
    "The writers take their time, letting small scenes carry as much weight as the big turns.",
    "Critics have singled out the soundtrack, which matches the mood of each episode closely.",
    "Behind the scenes, the cast reportedly spent weeks rehearsing the most demanding scenes together.",
    "Streaming figures suggest that international audiences are discovering {show} in large numbers.",
    "{person} said in a recent interview that the character was the hardest one so far.",
    "The drama balances comedy and heartbreak without letting either one take over for long.",
    "Several supporting characters get arcs of their own, which gives the story room to breathe.",
    "The direction favours long takes and natural light, a choice that sets it apart this season.",
]  # fmt: skip
SPOILER_SENTENCES = [
    "In the closing minutes, it turns out the stranger was family all along.",
    "The finale reveals who sent the letters, and it is the last person anyone suspected.",
    "By the end of the episode, the engagement is off and the contract is torn up.",
]  # fmt: skip


@dataclass
class Counts:
    """How much to make. Networks, services and staff stay small whatever the scale."""

    articles: int = 100_000
    people: int = 5_000
    shows: int = 500
    staff: int = 40
    seed: int = 1


@dataclass
class Built:
    """What the later phases need from the earlier ones."""

    staff: list = field(default_factory=list)
    shows: list = field(default_factory=list)
    cast: dict = field(default_factory=dict)  # show id → [person ids], leads first
    people: list = field(default_factory=list)
    topic_tags: list = field(default_factory=list)
    show_tags: dict = field(default_factory=dict)  # show id → Tag


class ContentExists(Exception):
    pass


def content_tables():
    """Every model the seeder fills, children before parents (the order a flush deletes in)."""
    return [
        TaggedArticle,
        Article.shows.through,
        Article.people.through,
        PullQuote,
        SpoilerChange,
        SpoilerReport,
        Article,
        Tag,
        Credit,
        Episode,
        AirSlot,
        Availability,
        TaggedShow,
        Genre,
        Person,
        Show,
        Network,
        StreamingService,
    ]


def has_content():
    return Article.objects.exists() or Show.objects.exists() or Person.objects.exists()


def flush():
    """Empty the content tables and remove the accounts seed_bench made. Meant for benchmark databases."""
    from reversion.models import Version

    from articles.models import VideoEmbed

    with transaction.atomic():
        # The shared bench pictures: their rows go in one statement, their files and renditions once each.
        pictures = ArticleImage.objects.filter(image__contains=f"/{LEAD_PICTURE_STEM}")
        shared = set(pictures.values_list("image", "width").distinct())
        table = connection.ops.quote_name(ArticleImage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE image LIKE %s", [f"%/{LEAD_PICTURE_STEM}%"])  # noqa: S608
        storage = ArticleImage._meta.get_field("image").storage
        for name, width in shared:
            renditions.remove(storage, name, width)
            storage.delete(name)
        # Other media rows go through the ORM so their files and renditions are removed too.
        ArticleImage.objects.all().delete()
        VideoEmbed.objects.all().delete()
        types = [ContentType.objects.get_for_model(model) for model in (Article, Show, Person)]
        Version.objects.filter(content_type__in=types).delete()
        with connection.cursor() as cursor:
            for model in content_tables():
                table = connection.ops.quote_name(model._meta.db_table)  # our own models' tables, not input
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        get_user_model().objects.filter(email__endswith=f"@{BENCH_EMAIL_DOMAIN}").delete()


def seed(counts, *, editor_password=None, progress=None, now=None):
    """Fill an empty database with counts of rows; returns a dict of what was made.

    progress: a stream for the progress bar (e.g. the command's stderr), or None for silence.
    """
    if has_content():
        raise ContentExists("The database already has shows, people or articles; use --flush to replace them.")
    rng = random.Random(counts.seed)  # noqa: S311 -- repeatable sample data, not secrets
    now = now or timezone.now()
    built = Built()
    with transaction.atomic():
        built.staff = _staff(counts.staff, editor_password)
        networks, services = _networks_and_services()
        built.shows = _shows(rng, counts.shows, networks, services, now, progress)
        built.people = _people(rng, counts.people, progress)
        built.cast = _credits(rng, built.shows, built.people, progress)
        built.topic_tags, built.show_tags = _tags(built.shows)
    _articles(rng, counts.articles, built, now, progress)
    # Bulk inserts skip save(), so SQLite's full-text index is built once, from the rows.
    search_index.rebuild()
    if connection.vendor == "postgresql":
        # A live site's autovacuum would have gathered statistics and cleared dead rows by
        # now; give the planner and the pages the same. _backdate rewrites every article
        # once, so without VACUUM the table and its indexes keep a dead copy of each row
        # that every bitmap scan steps over (search visited twice the heap pages), and a
        # server with autovacuum off never clears them. VACUUM cannot run inside a
        # transaction (the test suite's): there, statistics only.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return {
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "shows": Show.objects.count(),
        "people": Person.objects.count(),
        "tags": Tag.objects.count(),
    }


# Staff, networks, services -----------------------------------------------


def _staff(count, editor_password):
    """Bylines: writers and editors. Only bench-editor can log in, and only with the password given."""
    User = get_user_model()
    editors, writers = Group.objects.get(name="Editors"), Group.objects.get(name="Writers")
    users = []
    for n in range(count + 1):
        first, last = SYLLABLES[n % len(SYLLABLES)][0], SURNAMES[n % len(SURNAMES)][0]
        username = BENCH_EDITOR if n == 0 else f"bench-writer-{n:03d}"
        user = User(
            username=username,
            email=f"{username}@{BENCH_EMAIL_DOMAIN}",
            first_name=first,
            last_name=last,
            is_staff=True,
        )
        if n == 0 and editor_password:
            user.set_password(editor_password)
        else:
            user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=(editors if i % 8 == 0 else writers).pk) for i, user in enumerate(users)]
    )
    return users


def _networks_and_services():
    networks = Network.objects.bulk_create(
        [Network(name=name, slug=slugify(name), country="KR", website="") for name in NETWORKS]
    )
    services = StreamingService.objects.bulk_create(
        [StreamingService(name=name, slug=slugify(name), url="") for name in SERVICES]
    )
    return networks, services


# Shows ---------------------------------------------------------------------


def _show_titles(rng, count):
    """count distinct (English, Hangul) titles; a numbered season once the combinations run out."""
    combos = [(f"{a} {n}", f"{ha} {hn}") for a, ha in ADJECTIVES for n, hn in NOUNS]
    combos += [(f"The {n} of {a}", f"{ha} {hn}의 이야기") for a, ha in ADJECTIVES[:10] for n, hn in NOUNS]
    rng.shuffle(combos)
    titles = []
    for i in range(count):
        title, original = combos[i % len(combos)]
        season = i // len(combos)
        titles.append((f"{title} {season + 1}", f"{original} {season + 1}") if season else (title, original))
    return titles


SLOT_PAIRS = [(5, 6), (0, 1), (2, 3), (4, 5), (5,), (3,)]
SLOT_TIMES = [dt.time(21, 0), dt.time(21, 10), dt.time(22, 0), dt.time(22, 30), dt.time(20, 50)]


def _shows(rng, count, networks, services, now, progress):
    bar = Progress("shows", count, stream=progress)
    today = timezone.localdate(now)
    rows, plans = [], []
    for n, (title, original) in enumerate(_show_titles(rng, count)):
        weekdays = rng.choice(SLOT_PAIRS)
        episode_count = rng.choice([8, 12, 12, 16, 16, 16, 20])
        premiere = today - dt.timedelta(days=rng.randint(-60, 365 * 8))
        premiere += dt.timedelta(days=(weekdays[0] - premiere.weekday()) % 7)
        air_dates = _air_dates(premiere, weekdays, episode_count)
        finale = air_dates[-1]
        status = (
            Show.Status.UPCOMING if premiere > today else Show.Status.ENDED if finale < today else Show.Status.AIRING
        )
        rows.append(
            Show(
                title=title,
                original_title=original,
                slug=f"{slugify(title)}-{n + 1}",
                logline=f"A {rng.choice(GENRES)} drama about a {title.split()[-1].lower()} and {rng.choice(PHRASES)}.",
                logline_attribution="",
                synopsis=f"<p>{title} follows two strangers whose lives collide over one long season.</p>",
                network=rng.choice(networks),
                status=status,
                premiere_date=premiere,
                finale_date=None if status == Show.Status.UPCOMING else finale,
                episode_count=episode_count,
                runtime_minutes=rng.choice([60, 70, 80, 90]),
                search_titles=search_key(title, original),
            )
        )
        plans.append((weekdays, rng.choice(SLOT_TIMES), air_dates, rng.sample(services, rng.choice([1, 1, 2, 3]))))
    shows = Show.objects.bulk_create(rows, batch_size=500)
    genres = Genre.objects.bulk_create([Genre(name=name, slug=slugify(name)) for name in GENRES])
    slots, episodes, availability, tagged = [], [], [], []
    for show, (weekdays, at, air_dates, show_services) in zip(shows, plans, strict=True):
        slots += [AirSlot(show=show, weekday=day, local_time=at, time_zone="Asia/Seoul") for day in weekdays]
        episodes += [Episode(show=show, number=i + 1, air_date=day) for i, day in enumerate(air_dates)]
        for service in show_services:
            regions = "South Korea" if service.name in ("TVING", "Coupang Play", "Wavve") else INTERNATIONAL
            availability.append(Availability(show=show, service=service, regions=regions, url=""))
        tagged += [TaggedShow(content_object=show, tag=genre) for genre in rng.sample(genres, 2)]
        bar.advance(1)
    AirSlot.objects.bulk_create(slots, batch_size=2000)
    Episode.objects.bulk_create(episodes, batch_size=2000)
    Availability.objects.bulk_create(availability, batch_size=2000)
    TaggedShow.objects.bulk_create(tagged, batch_size=2000)
    bar.close()
    return shows


def _air_dates(premiere, weekdays, count):
    dates, day = [], premiere
    while len(dates) < count:
        if day.weekday() in weekdays:
            dates.append(day)
        day += dt.timedelta(days=1)
    return dates


# People and credits ------------------------------------------------------


def _people(rng, count, progress):
    bar = Progress("people", count, stream=progress)
    combos = [(s, a, b) for s in SURNAMES for a in SYLLABLES for b in SYLLABLES if a != b]
    rng.shuffle(combos)
    rows = []
    for n in range(count):
        (surname, hs), (first, hf), (second, hsec) = combos[n % len(combos)]
        name = f"{surname} {first} {second}"
        hangul = f"{hs}{hf}{hsec}"
        alternative = f"{surname} {first}-{second.lower()}"
        rows.append(
            Person(
                name=name,
                hangul_name=hangul,
                alternative_names=alternative,
                slug=f"{slugify(name)}-{n + 1}",
                birth_date=dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 40)),
                bio=f"<p>{name} is an actor known for {rng.choice(GENRES)} dramas.</p>",
                search_names=search_key(name, hangul, *alternative.split(",")),
            )
        )
    people = Person.objects.bulk_create(rows, batch_size=1000)
    bar.close()
    return people


def _credits(rng, shows, people, progress):
    """Every show gets two leads, supporting cast, a director and a writer; people are spread over the shows."""
    bar = Progress("credits", len(shows), stream=progress)
    pool = list(people)
    rng.shuffle(pool)
    cursor, credits, cast = 0, [], {}
    for show in shows:
        size = rng.randint(6, 12)
        chosen = {}
        while len(chosen) < min(size, len(pool)):
            person = pool[cursor % len(pool)]
            cursor += 1
            chosen.setdefault(person.pk, person)
        members = list(chosen.values())
        cast[show.pk] = [person.pk for person in members]
        for order, person in enumerate(members, start=1):
            if order == len(members) and order > 2:
                kind, character = Credit.Kind.DIRECTOR, ""
            elif order == len(members) - 1 and order > 2:
                kind, character = Credit.Kind.WRITER, ""
            else:
                kind = Credit.Kind.LEAD if order <= 2 else Credit.Kind.SUPPORTING
                surname, first, second = rng.choice(SURNAMES)[0], *(s[0] for s in rng.sample(SYLLABLES, 2))
                character = f"{surname} {first} {second}"
            credits.append(Credit(person=person, show=show, kind=kind, character_name=character, billing_order=order))
        bar.advance(1)
    Credit.objects.bulk_create(credits, batch_size=2000)
    bar.close()
    return cast


def _tags(shows):
    """Topic tags shared by many articles, and one tag per show."""
    topic_tags = Tag.objects.bulk_create([Tag(name=name, slug=Tag().slugify(name)) for name in TOPICS])
    show_tags = Tag.objects.bulk_create(
        [Tag(name=show.title, slug=f"{Tag().slugify(show.title)}-{show.pk}") for show in shows], batch_size=1000
    )
    return topic_tags, {show.pk: tag for show, tag in zip(shows, show_tags, strict=True)}


# Articles ----------------------------------------------------------------


def _articles(rng, count, built, now, progress):
    bar = Progress("articles", count, stream=progress)
    # A few shows draw most of the coverage, as in a real newsroom.
    weights = [8 if i < max(1, len(built.shows) // 10) else 1 for i in range(len(built.shows))]
    people_by_pk = {person.pk: person for person in built.people}
    pictures = []  # (name, width, height) of the shared lead pictures made so far
    for start in range(0, count, ARTICLE_CHUNK):
        size = min(ARTICLE_CHUNK, count - start)
        plans = [_plan_article(rng, start + i + 1, built, weights, people_by_pk, now) for i in range(size)]
        with transaction.atomic():
            articles = Article.objects.bulk_create([plan["article"] for plan in plans], batch_size=500)
            show_links, people_links, tagged, quotes, changes, leads = [], [], [], [], [], []
            for article, plan in zip(articles, plans, strict=True):
                if plan["lead"]:
                    leads.append(_lead_image_row(rng, article, plan, pictures))
                # A link carries its article's live time, as Article.save() and .add() would copy it.
                live_from = connection.ops.adapt_datetimefield_value(article.live_from)
                show_links += [(article.pk, pk, live_from) for pk in plan["shows"]]
                people_links += [(article.pk, pk, live_from) for pk in plan["people"]]
                tagged += [(article.pk, tag.pk, live_from) for tag in plan["tags"]]
                if plan["quote"]:
                    quotes.append(PullQuote(article=article, position=2, text=plan["quote"], attribution=plan["by"]))
                if article.has_spoilers:
                    changes.append(_first_spoiler_change(article, plan["spoiler_show"], now))
            _insert_rows(Article.shows.through, ["article", "show", "live_from"], show_links)
            _insert_rows(Article.people.through, ["article", "person", "live_from"], people_links)
            _insert_rows(TaggedArticle, ["content_object", "tag", "live_from"], tagged)
            _insert_rows(ArticleImage, LEAD_COLUMNS, [row for row in leads if row])
            PullQuote.objects.bulk_create(quotes, batch_size=1000)
            SpoilerChange.objects.bulk_create(changes, batch_size=1000)
            _backdate(articles, plans)
        bar.advance(size)
    bar.close()


LEAD_COLUMNS = ["article", "image", "width", "height", "alt_text", "caption", "credit", "is_lead", "position"]


def _lead_image_row(rng, article, plan, pictures):
    """The article's lead image: the first few are real uploads (saved, re-encoded, with renditions).

    Later ones are rows pointing at one of those files, returned for a bulk insert; None when saved here.
    """
    show, person = plan["show"], plan["person"]
    alt = f"{person.name} in a still from {show.title}"
    caption = f"{person.name} in {show.title}."
    if len(pictures) < LEAD_PICTURES:
        image = ArticleImage(
            article=article,
            image=ContentFile(_picture(rng), name=f"{LEAD_PICTURE_STEM}-{len(pictures) + 1:02d}.jpg"),
            alt_text=alt,
            caption=caption,
            credit="Dramasite illustration",
            is_lead=True,
            position=0,
        )
        image.save()  # the upload path: checked, re-encoded, sized; renditions follow the commit
        pictures.append((image.image.name, image.width, image.height))
        return None
    name, width, height = rng.choice(pictures)
    return (article.pk, name, width, height, alt, caption, "Dramasite illustration", True, 0)


def _picture(rng):
    """A 1200×675 JPEG: a coloured sky, a horizon and two figures."""
    top, bottom = [tuple(rng.randint(40, 220) for _ in range(3)) for _ in range(2)]
    image = Image.new("RGB", (1200, 675), top)
    draw = ImageDraw.Draw(image)
    for y in range(675):
        mix = y / 675
        draw.line([(0, y), (1200, y)], fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    for cx in (rng.randint(250, 550), rng.randint(650, 950)):
        draw.ellipse([cx - 50, 300, cx + 50, 400], fill="#f1c9a5")
        draw.rounded_rectangle([cx - 90, 405, cx + 90, 675], radius=40, fill=rng.choice(["#2b4c7e", "#b83b5e", "#333"]))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _insert_rows(model, fields, rows):
    """Plain link rows (ids, dates) with executemany: a model instance per row would double the seeding time."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def _plan_article(rng, number, built, weights, people_by_pk, now):
    show = rng.choices(built.shows, weights)[0]
    extra = [rng.choice(built.shows)] if rng.random() < 0.2 else []
    cast = built.cast[show.pk]
    people_pks = rng.sample(cast[:4], min(len(cast[:4]), rng.randint(0, 2)))
    person = people_by_pk[people_pks[0]] if people_pks else people_by_pk[cast[0]]
    section = rng.choices(Section.values, [40, 15, 15, 20, 10])[0]
    episode = rng.randint(1, show.episode_count)
    headline = _headline(rng, section, show, person, episode)
    status, publish_at = _status_and_time(rng, now)
    has_spoilers = section == Section.RECAP and rng.random() < 0.7 or rng.random() < 0.03
    network = show.network.name if show.network_id else "the channel"
    body = _body(rng, show, person, network, has_spoilers)
    if number in RARE_WORD_ARTICLES:
        body += f"\n<p>A day of the shoot moved to {RARE_WORD}, a folk village few viewers had heard of.</p>"
    tags = [rng.choice(built.topic_tags), built.show_tags[show.pk]]
    if rng.random() < 0.3:
        tags.append(rng.choice(built.topic_tags))
    article = Article(
        headline=headline,
        slug=f"{slugify(headline)[:180].strip('-')}-{number}",
        dek=f"{show.title}: {rng.choice(PHRASES)}.",
        body=body,
        author=rng.choice(built.staff),
        section=section,
        status=status,
        publish_at=publish_at,
        has_spoilers=has_spoilers,
        spoiler_show=show if has_spoilers else None,
        spoiler_through_episode=episode if has_spoilers and section == Section.RECAP else None,
        spoiler_warning="",
    )
    quote = rng.choice(SENTENCES).format(show=show.title, person=person.name, network=network)
    return {
        "article": article,
        "shows": list(dict.fromkeys([show.pk] + [s.pk for s in extra])),
        "people": people_pks,
        "tags": list({tag.pk: tag for tag in tags}.values()),
        "quote": quote if rng.random() < 0.1 else "",
        "by": person.name,
        "spoiler_show": show,
        "edited_later": rng.random() < 0.1,
        "lead": rng.random() < LEAD_IMAGE_SHARE,
        "show": show,
        "person": person,
    }


def _headline(rng, section, show, person, episode):
    if section == Section.RECAP:
        return f"{show.title} episode {episode} recap: {rng.choice(PHRASES)}"
    if section == Section.REVIEW:
        return f"Review: {show.title} is {rng.choice(['a triumph', 'uneven but charming', 'worth the wait'])}"
    if section == Section.INTERVIEW:
        return f"{person.name} on {show.title} and {rng.choice(PHRASES)}"
    if section == Section.FEATURE:
        return f"Why {show.title} is the {rng.choice(GENRES)} drama everyone is watching"
    return f"{show.title}: {person.name} and {rng.choice(PHRASES)}"


def _status_and_time(rng, now):
    roll = rng.random()
    if roll < 0.02:
        return Status.DRAFT, None
    if roll < 0.04:
        return Status.IN_REVIEW, None
    if roll < 0.06:  # scheduled: published status, time still to come
        return Status.PUBLISHED, now + dt.timedelta(minutes=rng.randint(60, 60 * 24 * 30))
    # Newer articles are more common than old ones.
    age = dt.timedelta(days=YEARS_OF_ARCHIVE * 365 * rng.random() ** 1.5, seconds=rng.randint(60, 86_400))
    return Status.PUBLISHED, now - age


def _body(rng, show, person, network, has_spoilers):
    """Eight to twelve paragraphs (3–5 KB) of allowed markup; spoiler articles carry an inline spoiler."""
    paragraphs = []
    for n in range(rng.randint(8, 12)):
        sentences = " ".join(
            rng.choice(SENTENCES).format(show=f"<em>{show.title}</em>", person=person.name, network=network)
            for _ in range(3)
        )
        if n == 3:
            paragraphs.append(f"<h2>What {person.name} brings</h2>")
        if n == 2:
            sentences += f' Read the <a href="https://example.com/{show.slug}">official page</a>.'
        if n == 4 and has_spoilers:
            sentences += f' <span class="spoiler">{rng.choice(SPOILER_SENTENCES)}</span>'
        if n == 5:
            sentences = f"<strong>{person.name}</strong> {sentences}"
        paragraphs.append(f"<p>{sentences}</p>")
    return "\n".join(paragraphs)


def _first_spoiler_change(article, show, now):
    """The audit row save() would have written when the article was created with its spoiler marking."""
    after = {
        "has_spoilers": True,
        "spoiler_show": show.title,
        "spoiler_show_id": show.pk,
        "spoiler_through_episode": article.spoiler_through_episode,
        "spoiler_warning": "",
    }
    return SpoilerChange(
        article=article,
        user=None,
        at=min(article.publish_at or now, now),
        source="seed_bench",
        before=dict(EMPTY),
        after=after,
    )


def _backdate(articles, plans):
    """Creation and edit times follow publication; one in ten was edited days later (auto_now set them to now)."""
    pks = [article.pk for article in articles]
    Article.objects.filter(pk__in=pks).update(
        created_at=Coalesce(F("publish_at"), F("created_at")), updated_at=Coalesce(F("publish_at"), F("updated_at"))
    )
    edited = [article.pk for article, plan in zip(articles, plans, strict=True) if plan["edited_later"]]
    Article.objects.filter(pk__in=edited, publish_at__isnull=False).update(
        updated_at=F("publish_at") + dt.timedelta(days=2)
    )
