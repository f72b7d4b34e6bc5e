"""`make loadtest`: the site under wrk while staff write, then PostgreSQL and Redis stopped mid-run.

Everything runs on private services (rehearsal/services.py), never the
shared ones: a PostgreSQL cluster and a redis-server of our own, the site under
gunicorn with production settings (DJANGO_DEBUG=0).

Phase 1, "load": wrk with 64 connections for LOADTEST_DURATION seconds (60)
over the public pages, while an editor publishes, edits and unpublishes an
article in the admin and a moderator toggles another's spoiler marking. Pass:
no status outside 2xx/3xx, no socket errors, both writers succeed every time.

Phase 2, "outages": wrk again while PostgreSQL is stopped for
LOADTEST_OUTAGE_SECONDS (10) and started, then Redis the same. A probe asks a
few pages every 0.2 s and records what each window got. Pass: while PostgreSQL
is down, only the 503 page (or a cached 200); while Redis is down, 200s; after
each comes back, 200s again without restarting anything; never a 500, a
connection error or a timeout; writers get the 503 page during the database
outage and succeed again afterwards.

Prints a summary, writes artifacts/loadtest/summary.json, exits 1 on failure.
Needs wrk (Debian: apt-get install wrk), PostgreSQL server binaries and
redis-server.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rehearsal.admin_forms import form_data  # noqa: E402 -- standard library only
from rehearsal.services import (  # noqa: E402 -- after the path is set
    REPO_ROOT,
    Browser,
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    free_port,
    manage,
    site_environment,
)

DURATION = int(os.environ.get("LOADTEST_DURATION", "60"))
OUTAGE_SECONDS = int(os.environ.get("LOADTEST_OUTAGE_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "4"))
WRK_TIMEOUT = os.environ.get("LOADTEST_WRK_TIMEOUT", "10s")
DEMO_PASSWORD = "dramasite-demo"  # noqa: S105 -- load_demo's published demo password
ARTIFACTS = REPO_ROOT / "artifacts" / "loadtest"
OUTAGE_HEADING = "We’ll be back in a moment"
# The editor works on this draft (not in wrk's list: it comes and goes); the
# moderator on this live article (in the list: its page stays 200 either way).
EDITOR_ARTICLE = "kim-soo-hyun-roles-ranked"
MODERATOR_ARTICLE = "crash-landing-on-you-rewatch"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# The site -----------------------------------------------------------------


def build_site(workdir):
    """Private PostgreSQL and Redis, a migrated and seeded database, gunicorn serving it."""
    postgres = PrivatePostgres(free_port(8175, 8179))
    redis = PrivateRedis(free_port(postgres.port + 1, 8179))
    postgres.start()
    postgres.create_database("dramasite")
    redis.start()
    env = site_environment(database_url=postgres.url("dramasite"), redis_url=redis.url(), media_root=workdir / "media")
    log(f"PostgreSQL on {postgres.port}, Redis on {redis.port}; migrating and loading the demo")
    manage(env, "migrate", "--noinput")
    # The demo logins (editor, moderator) are made only with DEBUG on; the site then runs with it off.
    manage({**env, "DJANGO_DEBUG": "1"}, "load_demo")
    manage(env, "make_renditions")
    if os.environ.get("LOADTEST_ARTICLES"):
        manage(env, "seed_bench", "--articles", os.environ["LOADTEST_ARTICLES"])
    log("collecting static files (production storage)")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    ids = json.loads(
        manage(
            env,
            "shell",
            "-v",
            "0",
            "-c",
            "import json; from articles.models import Article; "
            "print(json.dumps({s: Article.objects.get(slug=s).pk for s in "
            f"{[EDITOR_ARTICLE, MODERATOR_ARTICLE]!r}}}))",
        )
        .strip()
        .splitlines()[-1]
    )
    server = Gunicorn(
        free_port(redis.port + 1, 8179),
        env,
        workers=WORKERS,
        log_path=ARTIFACTS / "gunicorn.log",
        extra_args=["--worker-class", "gthread", "--threads", str(THREADS)],
    )
    server.start()
    log(f"gunicorn on {server.base_url}: {WORKERS} workers x {THREADS} threads")
    return postgres, redis, server, ids


def public_paths(base_url):
    """Every page the sitemaps list, plus the indexes, search, feeds and a revealed-spoiler page."""
    browser = Browser(base_url)
    paths = ["/", "/shows/", "/people/", "/shows/?status=airing", "/search/?q=queen", "/feed/", "/robots.txt"]
    status, _, index = browser.get("/sitemap.xml")
    assert status == 200, status
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    # Our own site's sitemaps, fetched a moment ago: trusted XML.
    for section in ET.fromstring(index).findall("sm:sitemap/sm:loc", ns):  # noqa: S314
        status, _, body = browser.get(urllib.parse.urlsplit(section.text).path)
        assert status == 200, section.text
        for loc in ET.fromstring(body).findall("sm:url/sm:loc", ns):  # noqa: S314
            paths.append(urllib.parse.urlsplit(loc.text).path)
    article = next(p for p in paths if p.startswith("/articles/"))
    paths.append(article + "?spoilers=show")
    paths = list(dict.fromkeys(paths))
    for path in paths:
        status = browser.get(path)[0]
        assert status == 200, f"{path} answered {status} before the load started"
    return paths


# wrk ----------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} ; counter = math.random(#paths) end
function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do totals[status] = (totals[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(totals) do table.insert(parts, status .. "=" .. count) end
  io.write("STATUSES " .. table.concat(parts, " ") .. "\\n")
  io.write(string.format("ERRORS connect=%%d read=%%d write=%%d timeout=%%d\\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("LATENCY p50=%%.1fms p99=%%.1fms max=%%.1fms\\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


class Wrk:
    """wrk in the background with a Lua script that counts every status it gets."""

    def __init__(self, base_url, paths, seconds, name):
        self.script = ARTIFACTS / f"wrk-{name}.lua"
        self.script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
        self.output_path = ARTIFACTS / f"wrk-{name}.txt"
        command = [
            shutil.which("wrk"),
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            WRK_TIMEOUT,
            "--latency",
            "-s",
            str(self.script),
            base_url,
        ]
        self.output = open(self.output_path, "w")  # noqa: SIM115 -- closed in result()
        self.process = subprocess.Popen(command, stdout=self.output, stderr=subprocess.STDOUT)  # noqa: S603

    def result(self):
        self.process.wait()
        self.output.close()
        text = self.output_path.read_text()
        statuses = Counter()
        match = re.search(r"^STATUSES(.*)$", text, re.M)
        for part in (match.group(1) if match else "").split():
            status, count = part.split("=")
            statuses[int(status)] += int(count)
        errors = dict(re.findall(r"(connect|read|write|timeout)=(\d+)", text))
        latency = re.search(r"^LATENCY (.*)$", text, re.M)
        rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
        return {
            "statuses": dict(sorted(statuses.items())),
            "socket_errors": {key: int(value) for key, value in errors.items()},
            "requests_per_second": float(rate.group(1)) if rate else None,
            "latency": latency.group(1) if latency else None,
            "wrk_reports_socket_errors_line": "Socket errors:" in text,
            "wrk_exit": self.process.returncode,
        }


# Writers ------------------------------------------------------------------


class Writer(threading.Thread):
    """A member of staff working in the admin over HTTP until told to stop, recording every outcome."""

    def __init__(self, base_url, username, article_id, phases):
        super().__init__(daemon=True)
        self.browser = Browser(base_url, timeout=30)
        self.username = username
        self.article_id = article_id
        self.phases = phases
        self.stop_event = threading.Event()
        self.outcomes = []  # (phase, what, status or error, ok)

    def record(self, started_in, what, status, ok):
        self.outcomes.append((self.phases.label(started_in), what, status, ok))

    def log_in(self):
        status, _, page = self.browser.get("/admin/login/")
        token = csrf_token(page)
        status, headers, _ = self.browser.post(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": self.username, "password": DEMO_PASSWORD},
        )
        if status != 302 or headers.get("location") != "/admin/":
            raise RuntimeError(f"{self.username} could not log in ({status})")

    def run(self):
        self.log_in()
        while not self.stop_event.is_set():
            for what, step in self.steps():
                if self.stop_event.is_set():
                    break
                started_in = self.phases.current
                try:
                    status, ok = step()
                except OSError as error:  # refused, reset or timed out: never acceptable
                    status, ok = f"{type(error).__name__}: {error}", False
                self.record(started_in, what, status, ok)
                if status == 503:
                    time.sleep(0.5)  # the site asked us to come back later

    def save_form(self, url, change):
        """Open a change form, change it, post it back; success is the redirect after a save."""
        status, _, page = self.browser.get(url)
        if status != 200:
            return status, False
        data = form_data(_Page(status, page))
        change(data)
        status, headers, body = self.browser.post(url, data)
        if status == 200:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
            return f"200 form refused: {errors}", False
        return status, status == 302


class Editor(Writer):
    def steps(self):
        return [
            ("publish", lambda: self.action("publish_now")),
            ("edit", self.edit),
            ("unpublish", lambda: self.action("unpublish")),
        ]

    def action(self, name):
        changelist = "/admin/articles/article/"
        status, _, page = self.browser.get(changelist)
        if status != 200:
            return status, False
        status, headers, _ = self.browser.post(
            changelist,
            {
                "csrfmiddlewaretoken": csrf_token(page),
                "action": name,
                "_selected_action": str(self.article_id),
                "index": "0",
            },
        )
        return status, status == 302

    def edit(self):
        url = f"/admin/articles/article/{self.article_id}/change/"

        def change(data):
            data["dek"] = f"Updated under load at {time.time():.3f}."

        return self.save_form(url, change)


class Moderator(Writer):
    def steps(self):
        return [("toggle spoilers", self.toggle)]

    def toggle(self):
        url = f"/admin/articles/spoilermoderation/{self.article_id}/change/"

        def change(data):
            if data.pop("has_spoilers", None) is None:
                data["has_spoilers"] = "on"
                data["spoiler_warning"] = "Talks about the final episode."
            data["reason"] = "load test"

        return self.save_form(url, change)


class _Page:
    """What rehearsal.admin_forms.form_data reads from a response."""

    def __init__(self, status, text):
        self.status_code = status
        self.content = text.encode()


def csrf_token(page):
    return page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


class Phases:
    """The current phase's name, for labelling what writers and the probe saw."""

    def __init__(self):
        self.current = "start"
        self.marks = []

    def label(self, started_in):
        """The phase a request ran in, or "a → b" when a phase changed while it was in flight."""
        return started_in if started_in == self.current else f"{started_in} → {self.current}"

    def mark(self, name):
        self.current = name
        self.marks.append((round(time.monotonic(), 2), name))
        log(f"phase: {name}")


class Probe(threading.Thread):
    """A reader asking a few pages every 0.2 s and noting what each phase gave them."""

    def __init__(self, base_url, paths, phases):
        super().__init__(daemon=True)
        self.browser = Browser(base_url, timeout=15)
        self.paths = paths
        self.phases = phases
        self.stop_event = threading.Event()
        self.seen = []  # (phase it started in, its label, path, outcome)

    def run(self):
        while not self.stop_event.is_set():
            for path in self.paths:
                started_in = self.phases.current
                try:
                    status, headers, body = self.browser.get(path)
                    outcome = str(status)
                    if status == 503:
                        clear = OUTAGE_HEADING in body and headers.get("retry-after")
                        outcome = "503 outage page" if clear else "503 other"
                except OSError as error:
                    outcome = f"error {type(error).__name__}"
                self.seen.append((started_in, self.phases.label(started_in), path, outcome))
            time.sleep(0.2)

    def by_phase(self):
        counts = {}
        for _, phase, _, outcome in self.seen:
            counts.setdefault(phase, Counter())[outcome] += 1
        return {phase: dict(counter) for phase, counter in counts.items()}


def writer_summary(writers):
    table = {}
    for writer in writers:
        for phase, what, status, _ok in writer.outcomes:
            key = f"{writer.username}: {what}"
            table.setdefault(phase, {}).setdefault(key, Counter())[str(status)] += 1
    return {phase: {key: dict(c) for key, c in rows.items()} for phase, rows in table.items()}


# The run ------------------------------------------------------------------


def main():
    # A SIGTERM (timeout, CI) unwinds like Ctrl-C, so the private services are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="dramasite-loadtest-"))
    postgres = redis = server = None
    failures = []
    summary = {"connections": CONNECTIONS, "duration_s": DURATION, "outage_s": OUTAGE_SECONDS}
    summary["gunicorn"] = f"{WORKERS} workers x {THREADS} threads (gthread)"
    summary["load_average_before"] = os.getloadavg()
    try:
        postgres, redis, server, ids = build_site(workdir)
        paths = public_paths(server.base_url)
        summary["paths"] = len(paths)
        log(f"{len(paths)} public paths; wrk -c{CONNECTIONS} for {DURATION} s with an editor and a moderator")
        phases = Phases()
        editor = Editor(server.base_url, "editor", ids[EDITOR_ARTICLE], phases)
        moderator = Moderator(server.base_url, "moderator", ids[MODERATOR_ARTICLE], phases)

        # Phase 1: load with writers.
        phases.mark("load")
        wrk = Wrk(server.base_url, paths, DURATION, "load")
        editor.start()
        moderator.start()
        load = wrk.result()
        summary["load"] = load
        bad = {status: n for status, n in load["statuses"].items() if not 200 <= status < 400}
        if bad:
            failures.append(f"load: statuses outside 2xx/3xx: {bad}")
        if any(load["socket_errors"].values()):
            failures.append(f"load: socket errors {load['socket_errors']}")
        if not load["statuses"]:
            failures.append("load: wrk reported no responses")

        # Phase 2: outages under load.
        probe_paths = ["/", paths[-1].split("?")[0], "/shows/"]
        probe = Probe(server.base_url, probe_paths, phases)
        phases.mark("before outages")
        outage_length = 5 + 4 * OUTAGE_SECONDS + 10
        wrk = Wrk(server.base_url, paths, outage_length, "outages")
        probe.start()
        time.sleep(5)
        phases.mark("postgres down")
        postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        postgres.start()
        phases.mark("postgres back")
        time.sleep(OUTAGE_SECONDS)
        phases.mark("redis down")
        redis.stop()
        time.sleep(OUTAGE_SECONDS)
        redis.start()
        phases.mark("redis back")
        time.sleep(OUTAGE_SECONDS)
        phases.mark("after outages")
        outages = wrk.result()
        probe.stop_event.set()
        editor.stop_event.set()
        moderator.stop_event.set()
        probe.join(30)
        editor.join(60)
        moderator.join(60)
        summary["outages"] = outages
        summary["probe"] = probe.by_phase()
        summary["writers"] = writer_summary([editor, moderator])
        summary["phase_marks"] = phases.marks
        failures += check_outages(outages, probe, [editor, moderator])
        failures += check_writers([editor, moderator])
    except Exception as error:  # noqa: BLE001 -- report any failure in the summary, then exit 1
        failures.append(f"the run itself failed: {type(error).__name__}: {error}")
    finally:
        if server:
            server.stop()
        if redis:
            redis.destroy()
        if postgres:
            postgres.destroy()
        shutil.rmtree(workdir, ignore_errors=True)
    summary["load_average_after"] = os.getloadavg()
    summary["failures"] = failures
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    print_summary(summary)
    return 1 if failures else 0


AFTER_POSTGRES = ("postgres back", "redis down", "redis back", "after outages")


def check_outages(outages, probe, writers):
    failures = []
    unexpected = {s: n for s, n in outages["statuses"].items() if not (200 <= s < 400 or s == 503)}
    if unexpected:
        failures.append(f"outages: statuses other than 2xx/3xx/503: {unexpected}")
    if any(outages["socket_errors"].values()):
        failures.append(f"outages: socket errors {outages['socket_errors']}")
    allowed = {
        "before outages": {"200"},
        "postgres down": {"503 outage page", "200"},
        # The first requests after the restart may still meet the old connections.
        "postgres back": {"200", "503 outage page"},
        "redis down": {"200"},
        "redis back": {"200"},
        "after outages": {"200"},
    }
    by_phase = probe.by_phase()
    for phase, outcomes in by_phase.items():
        extra = set(outcomes) - set().union(*(allowed.get(name, {"200"}) for name in phase.split(" → ")))
        if extra:
            failures.append(f"probe during {phase!r}: unexpected {extra} ({outcomes})")
    # Did the outage happen? A writer's save needs the database; a reader's page may come from the
    # page cache all along (each worker keeps its own copies), so the probe may see only 200s.
    saw_outage = "503 outage page" in by_phase.get("postgres down", {}) or any(
        status == 503 for writer in writers for phase, _, status, _ in writer.outcomes if phase == "postgres down"
    )
    if not saw_outage:
        failures.append("no 503 page for a reader or a writer while PostgreSQL was down (did the outage happen?)")
    # Recovery: asked after PostgreSQL came back, the pages answer 200 again (the first
    # few may still be 503 while the workers reconnect), and only 200 once Redis is stopped.
    after = [(start, outcome) for start, _, _, outcome in probe.seen if start in AFTER_POSTGRES]
    late = [outcome for start, outcome in after if start != "postgres back"]
    if not after or after[-1][1] != "200" or set(late) - {"200"}:
        failures.append(f"probe: the site did not recover after PostgreSQL returned ({after[-5:]})")
    for writer in writers:
        for phase, what, status, _ok in writer.outcomes:
            outage = {"postgres down", "postgres back"} & set(phase.split(" → "))
            expected = {302, 503} if outage else {302}
            if phase != "load" and status not in expected:
                failures.append(f"{writer.username} {what} during {phase!r} got {status}")
    return failures


def check_writers(writers):
    failures = []
    for writer in writers:
        load = [(what, status, ok) for phase, what, status, ok in writer.outcomes if phase == "load"]
        failed = [(what, status) for what, status, ok in load if not ok]
        if not load:
            failures.append(f"{writer.username} did nothing during the load phase")
        if failed:
            failures.append(f"{writer.username} failed {len(failed)} of {len(load)} during load: {failed[:5]}")
        late = [ok for phase, _, _, ok in writer.outcomes if phase.split(" → ")[-1] in ("redis back", "after outages")]
        if not any(late):
            failures.append(f"{writer.username} never succeeded again after the outages")
    return failures


def print_summary(summary):
    print("\n=== make loadtest summary ===")
    print(
        f"{summary['connections']} connections; load phase {summary['duration_s']} s; "
        f"outages {summary['outage_s']} s each"
    )
    print(f"gunicorn: {summary['gunicorn']}; load average before {summary['load_average_before']}")
    for name in ("load", "outages"):
        if name in summary:
            result = summary[name]
            print(
                f"{name}: statuses {result['statuses']}, socket errors {result['socket_errors']}, "
                f"{result['requests_per_second']} req/s, latency {result['latency']}"
            )
    for phase, outcomes in summary.get("probe", {}).items():
        print(f"probe, {phase}: {outcomes}")
    for phase, rows in summary.get("writers", {}).items():
        for key, outcomes in rows.items():
            print(f"writer, {phase}, {key}: {outcomes}")
    print(f"load average after {summary['load_average_after']}")
    if summary["failures"]:
        print("FAILED:")
        for failure in summary["failures"]:
            print(f"  - {failure}")
    else:
        print("PASSED: no 5xx outside the outage window, no socket errors, writers succeeded, the site recovered.")
    print(f"Details: {ARTIFACTS / 'summary.json'}")


if __name__ == "__main__":
    sys.exit(main())
