"""The demo newsroom: shows, people and articles written for Dramasite.

Facts (networks, dates, casts) are real; every sentence is our own. Data only:
the load_demo command turns it into rows.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from shows.models import INTERNATIONAL

NETWORKS = [
    {"slug": "tvn", "name": "tvN", "country": "KR", "website": "https://tvn.cjenm.com/"},
    {"slug": "jtbc", "name": "JTBC", "country": "KR", "website": "https://tv.jtbc.co.kr/"},
]

SERVICES = [
    {"slug": "netflix", "name": "Netflix", "url": "https://www.netflix.com/"},
    {"slug": "tving", "name": "TVING", "url": "https://www.tving.com/"},
    {"slug": "viki", "name": "Rakuten Viki", "url": "https://www.viki.com/"},
]

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*parts):
    return dt.datetime(*parts, tzinfo=SEOUL)


SAT, SUN, MON, TUE, WED, THU = 5, 6, 0, 1, 2, 3

SHOWS = [
    {
        "slug": "queen-of-tears",
        "title": "Queen of Tears",
        "original_title": "눈물의 여왕",
        "network": "tvn",
        "status": "ended",
        "premiere_date": dt.date(2024, 3, 9),
        "finale_date": dt.date(2024, 4, 28),
        "episode_count": 16,
        "runtime_minutes": 90,
        "logline": (
            "The queen of department stores and the prince of supermarkets weather a marital crisis "
            "— until love miraculously begins to bloom again."
        ),
        "logline_attribution": "Netflix",
        "synopsis": (
            "<p>Three years into a marriage that looks perfect from the outside, the son of a village "
            "supermarket family and the heiress to the Queens Group are barely speaking. A diagnosis "
            "changes everything.</p>"
        ),
        "genres": ["romance", "comedy", "melodrama"],
        "slots": [(SAT, dt.time(21, 10)), (SUN, dt.time(21, 10))],
        "availability": [
            ("netflix", INTERNATIONAL, "https://www.netflix.com/title/81707945"),
            ("tving", "South Korea", ""),
        ],
        "poster_colors": ("#3b0a45", "#e8b4d8"),
    },
    {
        "slug": "crash-landing-on-you",
        "title": "Crash Landing on You",
        "original_title": "사랑의 불시착",
        "network": "tvn",
        "status": "ended",
        "premiere_date": dt.date(2019, 12, 14),
        "finale_date": dt.date(2020, 2, 16),
        "episode_count": 16,
        "runtime_minutes": 80,
        "logline": "A paragliding mishap drops a South Korean heiress in North Korea — and into the life of an army officer.",
        "logline_attribution": "",
        "synopsis": "<p>A storm, a paraglider and a very long way home: a romance across the most guarded border in the world.</p>",
        "genres": ["romance", "comedy"],
        "slots": [(SAT, dt.time(21, 0)), (SUN, dt.time(21, 0))],
        "availability": [("netflix", INTERNATIONAL, "")],
        "poster_colors": ("#0b3d2e", "#f4e3b1"),
    },
    {
        "slug": "its-okay-to-not-be-okay",
        "title": "It's Okay to Not Be Okay",
        "original_title": "사이코지만 괜찮아",
        "network": "tvn",
        "status": "ended",
        "premiere_date": dt.date(2020, 6, 20),
        "finale_date": dt.date(2020, 8, 9),
        "episode_count": 16,
        "runtime_minutes": 80,
        "logline": "A psychiatric ward caretaker and a children's book author with an antisocial streak heal each other's old wounds.",
        "logline_attribution": "",
        "synopsis": "<p>A dark fairy tale about two people who never learned how to be loved, and the brother who holds them together.</p>",
        "genres": ["romance", "drama"],
        "slots": [(SAT, dt.time(21, 0)), (SUN, dt.time(21, 0))],
        "availability": [("netflix", INTERNATIONAL, "")],
        "poster_colors": ("#1f2a44", "#f2c14e"),
    },
    {
        "slug": "lovely-runner",
        "title": "Lovely Runner",
        "original_title": "선재 업고 튀어",
        "network": "tvn",
        "status": "ended",
        "premiere_date": dt.date(2024, 4, 8),
        "finale_date": dt.date(2024, 5, 28),
        "episode_count": 16,
        "runtime_minutes": 70,
        "logline": "A devoted fan travels back in time to save the singer whose music once saved her.",
        "logline_attribution": "",
        "synopsis": "<p>Im Sol wakes up fifteen years in the past with one mission: keep Ryu Sun Jae alive.</p>",
        "genres": ["romance", "fantasy"],
        "slots": [(MON, dt.time(20, 50)), (TUE, dt.time(20, 50))],
        "availability": [("tving", "South Korea", ""), ("viki", INTERNATIONAL, "")],
        "poster_colors": ("#0d3b66", "#faf0ca"),
    },
    {
        # Fictional, and dated from the day the demo is loaded, so the airing
        # rail and the next-episode countdown always have something to show.
        "slug": "midnight-bakery-seoul",
        "title": "Midnight Bakery, Seoul",
        "original_title": "서울 심야 빵집",
        "network": "jtbc",
        "status": "airing",
        "relative_premiere_weeks": -3,
        "episode_count": 12,
        "runtime_minutes": 65,
        "logline": "A pastry chef who only opens after midnight feeds the city's insomniacs, one secret at a time.",
        "logline_attribution": "",
        "synopsis": "<p><strong>A fictional show</strong> that ships with the demo content so the schedule features have something airing.</p>",
        "genres": ["slice of life", "romance"],
        "slots": [(WED, dt.time(22, 30)), (THU, dt.time(22, 30))],
        "availability": [("netflix", INTERNATIONAL, "")],
        "poster_colors": ("#2b2d42", "#ef8354"),
    },
]

PEOPLE = [
    {
        "slug": "kim-soo-hyun",
        "name": "Kim Soo Hyun",
        "hangul_name": "김수현",
        "alternative_names": "Kim Soo-hyun, Kim Su-hyeon, Kim Soohyun",
        "birth_date": dt.date(1988, 2, 16),
        "photo_colors": ("#1e3a5f", "#f2d7b6"),
        "bio": "<p>Actor known for <em>My Love from the Star</em>, <em>It's Okay to Not Be Okay</em> and <em>Queen of Tears</em>.</p>",
    },
    {
        "slug": "kim-ji-won",
        "name": "Kim Ji Won",
        "hangul_name": "김지원",
        "alternative_names": "Kim Ji-won, Kim Jiwon",
        "birth_date": dt.date(1992, 10, 19),
        "photo_colors": ("#5f1e3a", "#f7e1ec"),
        "bio": "<p>Actor known for <em>Fight for My Way</em>, <em>My Liberation Notes</em> and <em>Queen of Tears</em>.</p>",
    },
    {
        "slug": "park-sung-hoon",
        "name": "Park Sung Hoon",
        "hangul_name": "박성훈",
        "alternative_names": "Park Sung-hoon, Park Seong-hun",
        "birth_date": dt.date(1985, 2, 18),
        "bio": "",
    },
    {
        "slug": "kwak-dong-yeon",
        "name": "Kwak Dong Yeon",
        "hangul_name": "곽동연",
        "alternative_names": "Kwak Dong-yeon",
        "birth_date": dt.date(1997, 3, 19),
        "bio": "",
    },
    {
        "slug": "hyun-bin",
        "name": "Hyun Bin",
        "hangul_name": "현빈",
        "alternative_names": "Hyunbin",
        "birth_date": dt.date(1982, 9, 25),
        "bio": "",
    },
    {
        "slug": "son-ye-jin",
        "name": "Son Ye Jin",
        "hangul_name": "손예진",
        "alternative_names": "Son Ye-jin, Son Yejin",
        "birth_date": dt.date(1982, 1, 11),
        "bio": "",
    },
    {
        "slug": "seo-ye-ji",
        "name": "Seo Ye Ji",
        "hangul_name": "서예지",
        "alternative_names": "Seo Ye-ji, Seo Yeji",
        "birth_date": dt.date(1990, 2, 6),
        "bio": "",
    },
    {
        "slug": "byeon-woo-seok",
        "name": "Byeon Woo Seok",
        "hangul_name": "변우석",
        "alternative_names": "Byeon Woo-seok, Byun Woo Seok",
        "birth_date": dt.date(1991, 10, 31),
        "bio": "",
    },
    {
        "slug": "kim-hye-yoon",
        "name": "Kim Hye Yoon",
        "hangul_name": "김혜윤",
        "alternative_names": "Kim Hye-yoon, Kim Hye-yun",
        "birth_date": dt.date(1996, 11, 10),
        "bio": "",
    },
    {
        "slug": "park-ji-eun",
        "name": "Park Ji Eun",
        "hangul_name": "박지은",
        "alternative_names": "Park Ji-eun",
        "birth_date": None,
        "bio": "<p>Screenwriter of <em>Crash Landing on You</em> and <em>Queen of Tears</em>.</p>",
    },
]

# (person, show, character, kind, billing order)
CREDITS = [
    ("kim-soo-hyun", "queen-of-tears", "Baek Hyun Woo", "lead", 1),
    ("kim-ji-won", "queen-of-tears", "Hong Hae In", "lead", 2),
    ("park-sung-hoon", "queen-of-tears", "Yoon Eun Sung", "supporting", 3),
    ("kwak-dong-yeon", "queen-of-tears", "Hong Soo Cheol", "supporting", 4),
    ("park-ji-eun", "queen-of-tears", "", "writer", 90),
    ("hyun-bin", "crash-landing-on-you", "Ri Jeong Hyeok", "lead", 1),
    ("son-ye-jin", "crash-landing-on-you", "Yoon Se Ri", "lead", 2),
    ("park-ji-eun", "crash-landing-on-you", "", "writer", 90),
    ("kim-soo-hyun", "its-okay-to-not-be-okay", "Moon Gang Tae", "lead", 1),
    ("seo-ye-ji", "its-okay-to-not-be-okay", "Ko Moon Young", "lead", 2),
    ("byeon-woo-seok", "lovely-runner", "Ryu Sun Jae", "lead", 1),
    ("kim-hye-yoon", "lovely-runner", "Im Sol", "lead", 2),
]

# Demo staff. Logins only exist when DEBUG is on; otherwise these are bylines.
STAFF = [
    {"username": "editor", "first_name": "Han", "last_name": "Seo-yeon", "group": "Editors"},
    {"username": "writer", "first_name": "Jamie", "last_name": "Park", "group": "Writers"},
    {"username": "moderator", "first_name": "Alex", "last_name": "Cho", "group": "Moderators"},
]
DEMO_EMAIL_DOMAIN = "dramasite.invalid"  # marks demo accounts, so load_demo touches only those
DEMO_PASSWORD = "dramasite-demo"  # noqa: S105 -- printed on purpose; set only when DEBUG is on

REFERENCE_SLUG = "queen-of-tears-kim-soo-hyun-kim-ji-won-chemistry-behind-the-scenes"

# Every demo picture is drawn (demo/drawings.py): the demo has no rights to real photos.
DRAWN_CREDIT = "Dramasite illustration"
DRAWN_RIGHTS = "Drawn for the Dramasite demo: ours to use anywhere, with no end date."
PRESS_KIT_RIGHTS = "Pretend press-kit terms, to show an end date: editorial use only, until the date below."

REFERENCE_BODY = """
<p><em>Queen of Tears</em>, tvN's weekend K-drama, is the show everyone is talking about, and its two leads,
Kim Soo Hyun and Kim Ji Won, give viewers a new reason to tune in every week.</p>
<p>The drama follows Baek Hyun Woo, who married the heiress Hong Hae In. A few years in, he decides he wants
a divorce, only to learn that she has just three months to live. With a divorce suddenly beside the point, he
throws himself into being the most devoted husband he can, hoping Hae In will write him into her will.</p>
<p>What keeps viewers glued to the screen is the chemistry between the two stars. Their characters' marriage may
be in trouble, but the spark between them is impossible to miss, in the tender scenes and the bitter ones alike.</p>
<p>That chemistry does not switch off when the cameras stop rolling.</p>
<p>Take a rainy scene from Episode 8. Hyun Woo finds Hae In out in the rain without an umbrella after
<span class="spoiler">she has lost some of her memories</span>. When something he says brings them back, she
steps out from under his umbrella, upset. In the behind-the-scenes clip, Kim Soo Hyun rushes to hold the umbrella
over Kim Ji Won every time a take ends.</p>
<p>Off-set footage of Hyun Woo and Hae In as a couple has been drawing attention as well, with plenty of fans
joking that moments this sweet would be enough to make anyone fall for real.</p>
<p>Clip after clip shows how easily the two actors get along. It is hard to picture a better-matched pair.</p>
<p>In a recent interview, asked who they had the best chemistry with on <em>Queen of Tears</em>, Kim Soo Hyun and
Kim Ji Won each named the other, and even answered in almost the same words.</p>
"""

# Every article: (slug, fields). Articles about real events carry their real
# date ("at"); the rest are placed relative to loading ("hours"; None means no
# publish time yet), so the front page and the schedule always look current.
# Media are placed "after paragraph N".
ARTICLES = [
    {
        "slug": REFERENCE_SLUG,
        "headline": "Queen of Tears Stars Kim Soo Hyun and Kim Ji Won Show Their Real Chemistry Behind the Scenes",
        "dek": "Off camera, they are somehow even sweeter.",
        "body": REFERENCE_BODY,
        "section": "feature",
        "status": "published",
        "at": seoul(2024, 4, 1, 10),  # the morning after episode 8 aired
        "author": "writer",
        "shows": ["queen-of-tears"],
        "people": ["kim-soo-hyun", "kim-ji-won"],
        "tags": ["Queen of Tears", "Kim Soo Hyun", "Kim Ji Won", "behind the scenes", "tvN"],
        "spoiler": ("queen-of-tears", 8, ""),
        "quotes": [
            {
                "position": 2,
                "text": (
                    "The queen of department stores and the prince of supermarkets weather a marital crisis "
                    "— until love miraculously begins to bloom again."
                ),
                "attribution": "Netflix",
                "source_url": "https://www.netflix.com/title/81707945",
            }
        ],
        "images": [
            {
                "position": 3,
                "filename": "queen-of-tears-leads.png",
                "alt_text": "Kim Soo Hyun and Kim Ji Won side by side under an umbrella on the Queen of Tears set",
                "caption": "Kim Soo Hyun (left) and Kim Ji Won (right)",
                "credit": "Dramasite illustration",
                "is_lead": False,
                "labels": ("Kim Soo Hyun", "Kim Ji Won"),
            }
        ],
    },
    {
        "slug": "queen-of-tears-finale-ratings-record",
        "headline": "Queen of Tears Finale Becomes tvN's Most-Watched Episode Ever",
        "dek": "The last episode topped the record Crash Landing on You had held since 2020.",
        "body": "<p>The sixteenth and final episode of <em>Queen of Tears</em> set a new high for the channel, "
        "overtaking the finale of <em>Crash Landing on You</em>.</p><p>How the story ends for "
        '<span class="spoiler">Hyun Woo and Hae In</span> had fans talking for days.</p>',
        "section": "news",
        "status": "published",
        "at": seoul(2024, 4, 29, 9),
        "author": "editor",
        "shows": ["queen-of-tears", "crash-landing-on-you"],
        "people": ["kim-soo-hyun", "kim-ji-won"],
        "tags": ["Queen of Tears", "ratings", "tvN"],
        "spoiler": ("queen-of-tears", 16, "This article discusses how Queen of Tears ends."),
        # A spoiler article with a lead image: cards and share tags must never show it.
        "images": [
            {
                "position": 0,
                "filename": "queen-of-tears-finale.png",
                "alt_text": "Illustration of the Queen of Tears leads in the finale",
                "caption": "The final episode",
                "credit": "Dramasite illustration",
                "is_lead": True,
                "labels": ("Baek Hyun Woo", "Hong Hae In"),
            }
        ],
    },
    {
        "slug": "crash-landing-on-you-rewatch",
        "headline": "Why Crash Landing on You Still Tops Everyone's Rewatch List",
        "dek": "Six years on, the romance across the border has lost none of its pull.",
        "body": "<p>Some dramas fade once the finale airs. <em>Crash Landing on You</em> keeps finding new viewers.</p>"
        "<p>Hyun Bin and Son Ye Jin carry the story with a warmth that rewards a second and third watch.</p>",
        "section": "feature",
        "status": "published",
        "hours": -50,
        "author": "writer",
        "shows": ["crash-landing-on-you"],
        "people": ["hyun-bin", "son-ye-jin"],
        "tags": ["Crash Landing on You", "Hyun Bin", "Son Ye Jin", "rewatch"],
        "images": [
            {
                "position": 0,
                "filename": "crash-landing-on-you-leads.png",
                "alt_text": "Illustration of Hyun Bin and Son Ye Jin sharing an umbrella",
                "caption": "Hyun Bin (left) and Son Ye Jin (right)",
                "credit": "Dramasite illustration",
                "is_lead": True,
                "labels": ("Hyun Bin", "Son Ye Jin"),
            }
        ],
    },
    {
        "slug": "review-its-okay-to-not-be-okay",
        "headline": "Review: It's Okay to Not Be Okay Is a Fairy Tale With Teeth",
        "dek": "Kim Soo Hyun and Seo Ye Ji make a dark story feel tender.",
        "body": "<p>Few dramas look as striking as this one, and fewer still earn their happy moments so honestly.</p>"
        "<h2>The verdict</h2><p>Essential viewing for anyone who likes their romance with an edge.</p>",
        "section": "review",
        "status": "published",
        "at": seoul(2020, 8, 10, 12),
        "author": "editor",
        "shows": ["its-okay-to-not-be-okay"],
        "people": ["kim-soo-hyun", "seo-ye-ji"],
        "tags": ["It's Okay to Not Be Okay", "Kim Soo Hyun", "review"],
    },
    {
        "slug": "lovely-runner-episode-1-recap",
        "headline": "Lovely Runner Episode 1 Recap: One Wish, Fifteen Years Back",
        "dek": "Im Sol gets a second chance she never asked for.",
        "body": '<p>The premiere wastes no time: <span class="spoiler">Im Sol wakes up as a high-school student '
        "again</span>, with a single goal.</p><p>Byeon Woo Seok and Kim Hye Yoon already make the leap "
        "between timelines look easy.</p>",
        "section": "recap",
        "status": "published",
        "at": seoul(2024, 4, 9, 8),
        "author": "writer",
        "shows": ["lovely-runner"],
        "people": ["byeon-woo-seok", "kim-hye-yoon"],
        "tags": ["Lovely Runner", "recap"],
        "spoiler": ("lovely-runner", 1, ""),
    },
    {
        "slug": "byeon-woo-seok-rise",
        "headline": "Byeon Woo Seok's Breakout Year, Explained",
        "dek": "How a leading role in Lovely Runner changed everything for the actor.",
        # What search results and share previews show instead of the headline and dek.
        "seo_title": "Byeon Woo Seok after Lovely Runner: his breakout year",
        "meta_description": "From supporting parts to the lead everyone wanted: how playing Ryu Sun Jae "
        "in Lovely Runner changed Byeon Woo Seok's career.",
        "body": "<p>Before Ryu Sun Jae, Byeon Woo Seok was a familiar supporting face. After it, he was everywhere.</p>",
        "section": "feature",
        "status": "published",
        "at": seoul(2024, 12, 20, 9),
        "author": "writer",
        "shows": ["lovely-runner"],
        "people": ["byeon-woo-seok"],
        "tags": ["Byeon Woo Seok", "Lovely Runner"],
    },
    {
        "slug": "park-ji-eun-writer-profile",
        "headline": "Park Ji Eun, the Writer Behind Crash Landing on You and Queen of Tears",
        "dek": "Two of tvN's biggest hits came from the same pen.",
        "body": "<p>Park Ji Eun writes romance on a grand scale, and her stories keep breaking the channel's records.</p>",
        "section": "feature",
        "status": "published",
        "at": seoul(2024, 4, 30, 11),
        "author": "editor",
        "shows": ["crash-landing-on-you", "queen-of-tears"],
        "people": ["park-ji-eun"],
        "tags": ["Park Ji Eun", "writers", "tvN"],
    },
    {
        "slug": "midnight-bakery-seoul-premiere",
        "headline": "Midnight Bakery, Seoul Opens Its Doors on JTBC",
        "dek": "A gentle late-night drama about bread, strangers and second chances.",
        "body": "<p>Our fictional demo drama airs every Wednesday and Thursday night and streams on Netflix.</p>",
        "section": "news",
        "status": "published",
        "hours": -5,
        "author": "editor",
        "shows": ["midnight-bakery-seoul"],
        "people": [],
        "tags": ["Midnight Bakery, Seoul", "JTBC", "premieres"],
        # The newest live story with a lead image: it leads the front page.
        "images": [
            {
                "position": 0,
                "filename": "midnight-bakery-seoul.png",
                "alt_text": "Illustration of a baker and a late-night customer under an umbrella",
                "caption": "The baker and one of the regulars",
                "credit": "Dramasite illustration",
                "is_lead": True,
                "labels": ("The baker", "A regular"),
                "rights_days": 21,
            }
        ],
    },
    {
        "slug": "queen-of-tears-episode-12-recap",
        "headline": "Queen of Tears Episode 12 Recap",
        "dek": "Draft: the recap is still being written.",
        "body": "<p>Work in progress.</p>",
        "section": "recap",
        "status": "draft",
        "hours": None,
        "author": "writer",
        "shows": ["queen-of-tears"],
        "people": ["kim-soo-hyun", "kim-ji-won"],
        "tags": ["Queen of Tears", "recap"],
        "spoiler": ("queen-of-tears", 12, ""),
    },
    {
        "slug": "hyun-bin-son-ye-jin-first-project-together",
        "headline": "Hyun Bin and Son Ye Jin: A Look Back at Their First Project Together",
        "dek": "Before Crash Landing on You, there was a film.",
        "body": "<p>Awaiting an editor's read.</p>",
        "section": "feature",
        "status": "review",
        "hours": None,
        "author": "writer",
        "shows": ["crash-landing-on-you"],
        "people": ["hyun-bin", "son-ye-jin"],
        "tags": ["Hyun Bin", "Son Ye Jin"],
    },
    {
        "slug": "midnight-bakery-seoul-second-half-preview",
        "headline": "What to Expect From the Second Half of Midnight Bakery, Seoul",
        "dek": "Scheduled: goes live tomorrow morning.",
        "body": "<p>The bakery's regulars are about to get some surprising news.</p>",
        "section": "news",
        "status": "published",
        "hours": 20,
        "author": "editor",
        "shows": ["midnight-bakery-seoul"],
        "people": [],
        "tags": ["Midnight Bakery, Seoul"],
    },
    {
        # Live now, and taken down by itself when sign-ups close (the take-down time).
        "slug": "midnight-bakery-seoul-watch-party",
        "headline": "Join Our Midnight Bakery, Seoul Watch Party",
        "dek": "Sign-ups close two days from now, before the next episode airs.",
        "body": "<p>Readers who want to watch the next episode together can sign up until the day it airs. "
        "This page comes down when sign-ups close.</p>",
        "section": "news",
        "status": "published",
        "hours": -5,
        "take_down_hours": 48,
        "author": "editor",
        "shows": ["midnight-bakery-seoul"],
        "people": [],
        "tags": ["Midnight Bakery, Seoul"],
        # The premiere story's picture again, from the library, with its own caption.
        "images": [
            {
                "position": 1,
                "photo_of": "midnight-bakery-seoul-premiere",
                "caption": "The bakery, open past midnight",
                "is_lead": False,
            }
        ],
    },
    {
        "slug": "where-to-stream-park-ji-eun-dramas",
        "headline": "Where to Stream Every Park Ji Eun Drama",
        "dek": "Scheduled for later this week.",
        "body": "<p>A streaming guide to the writer's work, service by service.</p>",
        "section": "feature",
        "status": "published",
        "hours": 72,
        "author": "editor",
        "shows": ["crash-landing-on-you", "queen-of-tears"],
        "people": ["park-ji-eun"],
        "tags": ["Park Ji Eun", "streaming guide"],
    },
    {
        "slug": "lovely-runner-soundtrack-guide",
        "headline": "A Guide to the Lovely Runner Soundtrack",
        "dek": "Every track from the time-travel romance, and the scenes they belong to.",
        "body": "<p>Notes for the soundtrack guide, ready for an editor.</p>",
        "section": "feature",
        "status": "review",
        "hours": None,
        "author": "writer",
        "shows": ["lovely-runner"],
        "people": [],
        "tags": ["Lovely Runner", "music"],
    },
    {
        "slug": "kim-ji-won-best-roles",
        "headline": "Kim Ji Won's Best Roles, From Fight for My Way to Queen of Tears",
        "dek": "A career of heroines who refuse to be pitied.",
        "body": "<p>Kim Ji Won has a gift for characters who are tougher than they look.</p>",
        "section": "feature",
        "status": "published",
        "at": seoul(2024, 5, 3, 10),
        "author": "writer",
        "shows": ["queen-of-tears"],
        "people": ["kim-ji-won"],
        "tags": ["Kim Ji Won"],
        # The Queen of Tears picture from the photo library, placed again with this story's caption.
        "images": [
            {"position": 0, "photo_of": REFERENCE_SLUG, "caption": "Kim Ji Won (right) as Hong Hae In", "is_lead": True}
        ],
    },
    {
        "slug": "kim-soo-hyun-roles-ranked",
        "headline": "Kim Soo Hyun's Drama Roles, Ranked",
        "dek": "Draft: ranking still under debate in the newsroom.",
        "body": "<p>From the alien professor to Baek Hyun Woo: a first pass at the order.</p>",
        "section": "feature",
        "status": "draft",
        "hours": None,
        "author": "writer",
        "shows": ["queen-of-tears", "its-okay-to-not-be-okay"],
        "people": ["kim-soo-hyun"],
        "tags": ["Kim Soo Hyun"],
    },
]

# An editor's note on a draft they sent back, so the writer's side of the review loop shows:
# (article slug, editor's username, note).
REVIEW_NOTES = [
    (
        "queen-of-tears-episode-12-recap",
        "editor",
        "Sent back: the first line gives away who signs the divorce papers. Move it below the spoiler mark "
        "(Styles → Spoiler) and send it again.",
    ),
]

# Dated notes on live articles, one of each place readers see them (the foot and the top):
# (article slug, kind, hours after it went live, text).
CORRECTIONS = [
    (
        "crash-landing-on-you-rewatch",
        "correction",
        20,
        "An earlier version of this article said Crash Landing on You aired on JTBC. It aired on tvN.",
    ),
    (
        "byeon-woo-seok-rise",
        "update",
        30,
        "Lovely Runner streams internationally on Rakuten Viki, and in South Korea on TVING.",
    ),
]

# A guest byline: someone who writes for the site without a staff login.
CONTRIBUTORS = [
    {
        "slug": "moon-ha-rin",
        "name": "Moon Ha Rin",
        "bio": "Freelance TV critic in Busan, writing on K-drama careers and casting.",
    },
]

# Bylines with more than one name: (article slug, co-authors after its author, in order), each
# ("staff", username) or ("guest", contributor slug).
CO_AUTHORS = [
    ("byeon-woo-seok-rise", [("guest", "moon-ha-rin")]),
    ("queen-of-tears-finale-ratings-record", [("staff", "writer")]),
]

# Addresses a live article had before an editor shortened or corrected its slug, so the
# redirects screen and a working old link show: (old address, article slug).
MOVED_ADDRESSES = [
    ("/articles/queen-of-tears-finale-breaks-tvn-ratings-record/", "queen-of-tears-finale-ratings-record"),
]

# Readers' spoiler reports, so the moderators' queue is not empty: (article slug, message, episode).
REPORTS = [
    (
        "park-ji-eun-writer-profile",
        "The third paragraph says how Queen of Tears ends. I'm only on episode 10 — please add a warning.",
        16,
    ),
    (
        "kim-ji-won-best-roles",
        "It mentions what happens to Hong Hae In's memory. That's a big twist for people who haven't watched yet.",
        None,
    ),
]
