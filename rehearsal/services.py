"""Private PostgreSQL, Redis and gunicorn processes that a test or the load test may stop at will.

The shared PostgreSQL and Redis on a developer's machine (and CI's) serve other
work, so outages are rehearsed on throwaway instances: a PostgreSQL cluster
made by initdb in a temporary folder, a redis-server that keeps nothing on
disk, and the site itself under gunicorn. Each is started as a child process
(or, for PostgreSQL, through pg_ctl on its own data folder) and stopped only by
its own process id or data folder. Standard library only, so scripts/loadtest.py
needs nothing from the virtualenv to drive them.
"""

import contextlib
import glob
import http.client
import http.cookies
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def free_port(first, last):
    """The first port in first..last that nothing listens on (127.0.0.1)."""
    for port in range(first, last + 1):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port between {first} and {last}.")


def wait_until(check, timeout, what):
    """Poll check() until it is true; raise naming what we were waiting for."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"Timed out after {timeout} s waiting for {what}.")


def postgres_bindir():
    """Where initdb and pg_ctl live: $PG_BINDIR, else the newest /usr/lib/postgresql/<n>/bin."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BINDIR.")


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder: trust auth, 127.0.0.1 only."""

    def __init__(self, port):
        self.port = port
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="dramasite-private-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        # initdb refuses to run as root; as root, the cluster belongs to the postgres user.
        self._as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_owner:
            shutil.chown(self.root, user="postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def _run(self, tool, *args):
        command = [*self._as_owner, str(self.bindir / tool), *map(str, args)]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)  # noqa: S603

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        """Stop the cluster; "fast" ends every session (uncommitted work is rolled back), "immediate" kills."""
        subprocess.run(self.stop_command(mode), check=True, capture_output=True, text=True, timeout=120)  # noqa: S603

    def stop_command(self, mode="fast"):
        """The command line that stops this cluster, for a child process that must stop it itself."""
        return [
            *self._as_owner,
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            mode,
            "-w",
            "-t",
            "60",
            "stop",
        ]

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def create_database(self, name):
        command = [
            str(self.bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        ]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)  # noqa: S603

    def destroy(self):
        if self.is_running():
            with contextlib.suppress(subprocess.SubprocessError):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A redis-server of our own that keeps nothing on disk, as a child process."""

    def __init__(self, port):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="dramasite-private-redis-"))
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        command = [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.root),
        ]
        log = open(self.root / "redis.log", "ab")  # noqa: SIM115 -- kept open for the child's lifetime
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        log.close()
        wait_until(lambda: self.ping(), 15, f"redis-server on port {self.port}")

    def ping(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
        return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.process = None

    def destroy(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateS3:
    """An S3-compatible server of our own on a loopback port: moto's server mode (moto_server).

    The object-storage tests and a production rehearsal talk to it over HTTP, as
    django-storages talks to AWS S3 or MinIO. It keeps everything in memory and
    goes with its process. moto_server is installed beside this interpreter
    (requirements-dev.txt).
    """

    def __init__(self, port):
        self.port = port
        self.process = None
        self.log_path = Path(tempfile.mkstemp(prefix="dramasite-s3-", suffix=".log")[1])

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(self.port)]
        log = open(self.log_path, "ab")  # noqa: SIM115 -- kept open for the child's lifetime
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        log.close()
        wait_until(self._serving, 30, f"moto_server on port {self.port} (log: {self.log_path})")

    def _serving(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {self.process.returncode}; log: {self.log_path}")
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


class Gunicorn:
    """The site under gunicorn as a child process, with the given environment."""

    def __init__(self, port, env, workers=2, settings_module="dramasite.settings", log_path=None, extra_args=()):
        self.port = port
        self.extra_args = list(extra_args)
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings_module}
        self.workers = workers
        self.log_path = log_path or Path(tempfile.mkstemp(prefix="dramasite-gunicorn-", suffix=".log")[1])
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "dramasite.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "60",
            "--access-logfile",
            "-",
            # Time taken per request (%(L)s seconds), to tell a slow site from a busy machine.
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s %(b)s %(L)ss',
            *self.extra_args,
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115 -- kept open for the child's lifetime
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        wait_until(self._serving, 60, f"gunicorn on port {self.port} (log: {self.log_path})")

    def _serving(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}; log: {self.log_path}")
        try:
            urllib.request.urlopen(self.base_url + "/robots.txt", timeout=2)  # noqa: S310 -- our own server
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


def site_environment(*, database_url, redis_url, media_root, debug=False):
    """The environment of a production-like site on 127.0.0.1 over plain HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}
    }
    env.update(
        DJANGO_DEBUG="1" if debug else "0",
        DJANGO_SECRET_KEY="private-services-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_MEDIA_ROOT=str(media_root),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args, timeout=600):
    """Run manage.py with env; raise with its output when it fails."""
    result = subprocess.run(  # noqa: S603 -- our own interpreter and command
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Browser:
    """A minimal HTTP client that keeps cookies (Secure ones too: the site runs on plain HTTP here).

    Redirects are returned, not followed, so callers see each status.
    """

    def __init__(self, base_url, timeout=10):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, data=None, headers=None):
        """Send one request; returns (status, headers as a dict of lower-case names, body as text)."""
        headers = dict(headers or {})
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = http.cookies.SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value and morsel["expires"]:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, data, **kw):
        return self.request("POST", path, data=data, **kw)
