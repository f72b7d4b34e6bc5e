"""Every XSS corpus payload in every field a user can write, rendered in real Chromium.

The hostile newsroom (tests/browser/hostile_site.py) is loaded with loaddata;
readers' reports arrive through the public form; then Chromium opens the
public pages and, as an editor and as a moderator, the admin's lists, change,
history and delete-confirmation pages. On every page:

- no dialog opens (alert, confirm, prompt: the corpus's own probes);
- no CSP violation is seen, by a ``securitypolicyviolation`` listener in every
  frame nor by a report collector (report-uri); the admin's policy allows
  inline script for CKEditor 4, so there escaping is the protection and the
  dialog handler the oracle;
- no element made from a payload is in the DOM (CKEditor's editing frame
  included): no ``on*`` attribute, no ``javascript:``/``vbscript:``/
  ``data:text/html`` URL, no script, frame, object, SVG or foreign image;
- no request leaves the live server, and the console stays clean (conftest).

Coverage. Pages that list many rows (listings, feeds, indexes, the show and
article with every related row, admin change lists, bulk delete confirmations)
show every payload in every field. Pages about one row (an article, show,
person or tag page, an admin change or history page) are opened for the first
SAMPLE rows of each kind, which hold the corpus's context-breaking sets
(BruteLogic, RSnake, polyglots) first; ``XSS_FULL=1`` opens them for every
row and searches for every packed query (a sweep of several minutes).
"""

import json
import os
import re
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from articles.models import Article, SpoilerReport
from editing.richtext import sanitize_html
from people.models import Person
from shows.models import Show
from tests.browser import hostile_urls
from tests.browser.hostile_site import ALL, ARTICLE_PK, PICTURE, HostileSite, picture_bytes
from tests.factories import make_staff
from tests.xss_corpus import PAYLOADS, pack

pytestmark = pytest.mark.skipif(not PAYLOADS, reason="XSS corpus not found beside the clone (an error under CI=true)")

FULL = os.environ.get("XSS_FULL", "").lower() in {"1", "true", "yes"}
SAMPLE = 10_000 if FULL else 2
PASSWORD = "hostile-input-password"

# Run in every frame: what on the page came from a payload rather than from our templates.
DOM_CHECK = """() => {
  const found = [];
  const where = el => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> in ${location.pathname}`;
  const squeeze = v => (v || '').replace(/[\\s\\u0000-\\u001f\\u007f-\\u009f]/g, '').toLowerCase();
  const admin = location.pathname.startsWith('/admin/');
  // CKEditor 4's own toolbar uses inline handlers and javascript: links; it is not content.
  const chrome = el => el.closest('.cke, .cke_chrome, .cke_panel, .cke_dialog') !== null;
  const local = v => !v || v.startsWith(location.origin) || v.startsWith('data:image/') || v.startsWith('blob:');
  for (const el of document.querySelectorAll('*')) {
    if (chrome(el)) continue;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${name}= on ${where(el)}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster', 'srcdoc',
           'lowsrc', 'dynsrc', 'cite', 'codebase'].includes(name)) {
        const v = squeeze(attr.value);
        if (/^(javascript|vbscript|livescript|mocha):/.test(v) || v.startsWith('data:text/html') ||
            v.includes('javascript:')) found.push(`${name}="${attr.value.slice(0, 80)}" on ${where(el)}`);
      }
    }
  }
  const root = document.querySelector(admin ? '#content' : 'main') || document.body;
  if (!root) return found;
  const suspects = 'script, iframe, frame, frameset, object, embed, applet, base, meta, link, style, svg, math, ' +
    'marquee, isindex, bgsound, xss, layer, blink, img, source, video, audio, input[type=image]';
  for (const el of root.querySelectorAll(suspects)) {
    if (chrome(el)) continue;
    const tag = el.tagName.toLowerCase();
    if (tag === 'script') {
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (type.includes('json') || (el.src && el.src.startsWith(location.origin + '/static/'))) continue;
    } else if (['img', 'source', 'video', 'audio', 'input'].includes(tag)) {
      if (local(el.currentSrc || el.src || el.getAttribute('srcset') && el.srcset.split(' ')[0])) continue;
    }
    found.push(`element ${where(el)}: ${el.outerHTML.slice(0, 120)}`);
  }
  return found;
}"""

WATCH_CSP = """document.addEventListener('securitypolicyviolation', e => {
  window.xssCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sample}) on ${location.pathname}`);
}, true);"""

EDITORS_READY = """() => !window.CKEDITOR || Object.values(CKEDITOR.instances).every(e => e.status === 'ready')"""


class Oracles:
    """Dialogs, CSP violations, payload-made DOM and requests leaving the live server, for one browser context."""

    def __init__(self, context, base):
        self.base = base
        self.dialogs, self.violations, self.dom, self.escaped, self.visited = [], [], [], [], []
        # Lists and confirmations here hold hundreds of rows; on a busy CI machine one
        # can take longer than the 10 s the other browser tests allow a page.
        context.set_default_timeout(60_000)
        context.on("dialog", self._on_dialog)
        context.expose_function("xssCspViolation", self._on_violation)
        context.add_init_script(WATCH_CSP)
        context.route(lambda url: not url.startswith(base), self._block)

    def _on_violation(self, description):
        self.violations.append(description)

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}({dialog.message!r}) on {dialog.page.url if dialog.page else '?'}")
        dialog.dismiss()

    def _block(self, route):
        self.escaped.append(route.request.url)
        route.abort()

    def check(self, page):
        """Look at the page as it is now (every frame, editors loaded) and remember what is wrong."""
        if page.locator(".django-ckeditor-widget").count():
            page.wait_for_function(EDITORS_READY)
        for frame in page.frames:
            self.dom.extend(frame.evaluate(DOM_CHECK))
        self.visited.append(page.url)

    def visit(self, page, path, status=200):
        response = page.goto(self.base + path)
        assert response is not None and response.status == status, f"{path} answered {response and response.status}"
        self.check(page)
        return response

    def problems(self):
        return {
            key: value
            for key, value in {
                "dialogs": self.dialogs,
                "CSP violations": self.violations,
                "CSP reports": hostile_urls.REPORTS,
                "payload-made DOM": self.dom,
                "requests off the live server": self.escaped,
            }.items()
            if value
        }


@pytest.fixture
def csp_collector(live_server, settings):
    """Both policies (public and admin) report to our collector; the canaries are routed."""
    settings.ROOT_URLCONF = "tests.browser.hostile_urls"
    # Without report-to: Chromium batches Reporting API deliveries for up to a
    # minute, but posts to report-uri at once.
    for name in ("SECURE_CSP", "ADMIN_CSP"):
        policy = {key: value for key, value in getattr(settings, name).items() if key != "report-to"}
        setattr(settings, name, {**policy, "report-uri": ["/csp-collector/"]})
    hostile_urls.REPORTS.clear()
    return hostile_urls.REPORTS


@pytest.fixture
def hostile(
    django_db_serialized_rollback, csp_collector, live_server, transactional_db, settings, tmp_path, monkeypatch
):
    """The hostile newsroom in the live server's database, with the newsroom groups."""
    restore_newsroom_groups()
    picture = Path(settings.MEDIA_ROOT) / PICTURE
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(picture_bytes())
    site = HostileSite()
    fixture = tmp_path / "hostile.json"
    fixture.write_text(json.dumps(site.rows))
    call_command("loaddata", str(fixture), verbosity=0)
    # Each change list on one page, so one visit shows every row (the rows themselves render as always).
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 5000)
    return site


def restore_newsroom_groups():
    """Make the Editors, Writers and Moderators groups again if an earlier live-server test's flush removed them.

    The data migrations that made them are run once more, on the migration
    state (their own app registry), so the groups get exactly their rights.
    """
    if Group.objects.filter(name="Editors").exists():
        return
    state_apps = MigrationLoader(connection).project_state().apps
    for migration, function in (
        ("0002_editorial_groups", "create_groups"),
        ("0004_roles_and_moderation", "set_rights"),
    ):
        getattr(import_module(f"articles.migrations.{migration}"), function)(state_apps, None)


def post_reports(slug):
    """Readers' reports with every payload, through the public form (one client address each: 5 an hour)."""
    messages = pack(PAYLOADS, 1000)
    for number, message in enumerate(messages):
        reader = Client(REMOTE_ADDR=f"10.77.{number // 200}.{number % 200 + 1}")
        assert reader.post(f"/articles/{slug}/report/", {"message": message}).status_code == 303
    return messages


def signed_in(new_context, base, group):
    """A browser context signed in as a new member of group (session cookie from a test client)."""
    user = make_staff(group, password=PASSWORD)
    client = Client()
    client.force_login(user)
    context = new_context()
    host = base.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def select_all_and_run(oracles, page, changelist, action):
    """Tick every row of a change list (across pages) and run an action; check the intermediate page it shows."""
    oracles.visit(page, changelist)
    page.locator("#action-toggle").check()
    across = page.locator(".question a, .question button")
    if across.count() and across.first.is_visible():
        across.first.click()
    page.locator("select[name='action']").select_option(action)
    with page.expect_navigation():
        page.locator("button[name='index']").click()
    # The confirmation (or, for rows other rows protect, the refusal) listing every selected row.
    heading = page.locator("#content h1").inner_text()
    assert re.search(
        r"Are you sure|Cannot delete|Set the spoiled show", heading + page.locator("#content").inner_text()
    )
    oracles.check(page)


def stored_values(model, field):
    return list(model.objects.values_list(field, flat=True))


def test_every_payload_in_every_field_runs_nothing_in_chromium(hostile, new_context, console_errors, live_server):
    """The whole corpus, in every writable field, executes nothing on any public or admin page that shows it."""
    started = time.perf_counter()
    base = live_server.url
    site = hostile
    # The report page answers a too-long report with 400 on purpose.
    console_errors.allow(r"status of 400 .*/articles/article-1/report/\)$")

    # Every payload reached every field (the opening 100 characters of the 66 longer payloads).
    for key, values in site.fields_and_values().items():
        missing = [payload for payload in PAYLOADS if not any(payload[:100] in value for value in values)]
        assert not missing, f"{key} never got {len(missing)} payloads, e.g. {missing[0]!r}"
    # ... and was stored as written, except rich text, which is stored as nh3 cleans it.
    assert Article.objects.get(pk=ARTICLE_PK).body == sanitize_html(ALL)
    assert Show.objects.get(pk=1).synopsis == sanitize_html(ALL)
    assert Person.objects.get(pk=1).bio == sanitize_html(ALL)
    assert set(stored_values(Article, "headline")) == set(site.written["article.headline"])
    messages = post_reports("article-1")
    assert set(SpoilerReport.objects.values_list("message", flat=True)) == {m.strip() for m in messages}

    reader = new_context()
    oracles = Oracles(reader, base)
    page = reader.new_page()

    # The reader's pages ------------------------------------------------------
    per_page = 20
    for number in range(1, site.article_count // per_page + 2):
        oracles.visit(page, f"/?page={number}")  # cards: headlines, deks, spoiler labels
    shows, people, tags = Show.objects.count(), Person.objects.count(), len(site.written["tag.name"])
    spoiler_articles = range(site.spoiler_article, min(site.spoiler_article + SAMPLE, site.article_count + 1))
    for pk in sorted({*range(1, min(SAMPLE, site.article_count) + 1), *spoiler_articles}):
        oracles.visit(page, f"/articles/article-{pk}/")
    for pk in range(1, min(SAMPLE, shows) + 1):
        oracles.visit(page, f"/shows/show-{pk}/")
        oracles.visit(page, f"/people/person-{pk}/")
    for pk in range(1, min(SAMPLE, tags) + 1):
        oracles.visit(page, f"/tags/tag-{pk}/")
    for number in range(1, shows // 48 + 2):
        oracles.visit(page, f"/shows/?page={number}")  # titles, networks, and every network, service and genre
    for number in range(1, people // 60 + 2):
        oracles.visit(page, f"/people/?page={number}")
    oracles.visit(page, "/authors/hostile-author/")
    # Feeds, as documents: every headline and summary through the tag feeds of 20 articles each.
    for slug in site.batches:
        oracles.visit(page, f"/tags/{slug}/feed/")
    for feed in ("/feed/atom/", "/shows/show-1/feed/", "/people/person-1/feed/atom/"):
        oracles.visit(page, feed)
    # The search box.
    queries = pack(PAYLOADS, 200)
    oracles.visit(page, "/search/")
    page.locator("#search-page-q").fill(queries[0])
    with page.expect_navigation():
        page.locator(".search-form button").click()
    oracles.check(page)
    for query in queries[1:] if FULL else queries[1:10]:
        oracles.visit(page, "/search/?" + urlencode({"q": query}))  # what the box sends
    # The spoiler-report form, with the whole corpus: too long, so it comes back (400) with the text kept.
    oracles.visit(page, "/articles/article-1/")
    page.locator("summary", has_text="Report an unmarked spoiler").click()
    page.locator("textarea[name='message']").evaluate(
        "(box, text) => { box.removeAttribute('maxlength'); box.value = text }", ALL
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    assert "1,000" in page.content() or "1000" in page.content()
    oracles.check(page)

    # The newsroom's admin, as an editor ----------------------------------------
    editor = signed_in(new_context, base, "Editors")
    editor_oracles = Oracles(editor, base)
    page = editor.new_page()
    lists = [
        "articles/article",
        "articles/articleimage",
        "articles/pullquote",
        "articles/videoembed",
        "articles/spoilerreport",
        "articles/spoilerchange",
        "shows/show",
        "shows/network",
        "shows/streamingservice",
        "shows/genre",
        "shows/availability",
        "shows/episode",
        "people/person",
        "people/credit",
        "taggit/tag",
    ]
    for name in lists:
        editor_oracles.visit(page, f"/admin/{name}/")
    singles = ["articles/articleimage", "articles/pullquote", "articles/videoembed", "articles/spoilerreport"]
    singles += ["shows/network", "shows/streamingservice", "shows/genre", "shows/availability", "shows/episode"]
    singles += ["people/credit", "taggit/tag"]
    for name in singles:
        editor_oracles.visit(page, f"/admin/{name}/1/change/")
    # Row 1 of each is the "everything" row, shown whole on the public pages and in the bulk
    # delete confirmations below; its change form would hold hundreds of inline forms.
    for name, total in (("articles/article", site.article_count), ("shows/show", shows), ("people/person", people)):
        for pk in range(2, min(SAMPLE + 2, total + 1)):
            editor_oracles.visit(page, f"/admin/{name}/{pk}/change/")
            editor_oracles.visit(page, f"/admin/{name}/{pk}/history/")
        editor_oracles.visit(page, f"/admin/{name}/2/delete/")
    editor_oracles.visit(page, f"/admin/articles/article/{site.spoiler_article}/history/")  # the spoiler log
    editor_oracles.visit(page, "/admin/taggit/tag/1/delete/")
    editor_oracles.visit(page, "/admin/shows/network/1/delete/")
    for name in ("shows/network", "shows/streamingservice", "shows/genre", "taggit/tag"):
        select_all_and_run(editor_oracles, page, f"/admin/{name}/", "delete_selected")

    # ... and as a moderator ----------------------------------------------------
    moderator = signed_in(new_context, base, "Moderators")
    moderator_oracles = Oracles(moderator, base)
    page = moderator.new_page()
    moderator_oracles.visit(page, "/admin/articles/spoilermoderation/")
    moderator_oracles.visit(page, "/admin/articles/spoilerreport/")
    moderator_oracles.visit(page, "/admin/articles/spoilerreport/1/change/")
    moderator_oracles.visit(page, "/admin/shows/show/")
    moderator_oracles.visit(page, "/admin/shows/show/1/change/")  # read-only: values as text
    for pk in sorted({*range(1, min(SAMPLE, site.article_count) + 1), *spoiler_articles}):
        moderator_oracles.visit(page, f"/admin/articles/spoilermoderation/{pk}/change/")
    moderator_oracles.visit(page, f"/admin/articles/spoilermoderation/{site.spoiler_article}/history/")
    select_all_and_run(moderator_oracles, page, "/admin/articles/spoilermoderation/", "set_scope")

    page.wait_for_timeout(500)  # reports are sent after the fact; give the last ones time to arrive
    problems = {
        role: found
        for role, found in {
            "reader": oracles.problems(),
            "editor": editor_oracles.problems(),
            "moderator": moderator_oracles.problems(),
        }.items()
        if found
    }
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:20_000]
    visited = len(oracles.visited) + len(editor_oracles.visited) + len(moderator_oracles.visited)
    print(f"\nhostile input: {visited} pages in {time.perf_counter() - started:.1f} s")


def test_the_oracles_see_an_injection(csp_collector, new_context, console_errors, live_server):
    """A page with a real injection trips them: the public CSP refuses and reports it; in the admin it runs."""
    console_errors.allow(r"no-such-image\.png|Content Security Policy|Refused to")
    context = new_context()
    oracles = Oracles(context, live_server.url)
    page = context.new_page()
    oracles.visit(page, "/xss-canary/")
    oracles.visit(page, "/admin/xss-canary/")
    page.wait_for_timeout(500)
    assert any("script-src" in v and "/xss-canary/" in v for v in oracles.violations), oracles.violations
    assert any("xss-canary" in report for report in hostile_urls.REPORTS), hostile_urls.REPORTS
    assert oracles.dialogs == ["alert('canary') on " + live_server.url + "/admin/xss-canary/"], oracles.dialogs
    assert any("onerror=" in found for found in oracles.dom), oracles.dom
    assert re.search(r"onerror= on <img> in /admin/xss-canary/", "\n".join(oracles.dom))
