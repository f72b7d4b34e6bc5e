"""Production settings pass Django's deployment checklist, with the values docs/security.md promises."""

import json
import socketserver
import threading

import pytest

from tests.test_settings_env import run_settings

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-Wq9vT2mZp8rL5nXc7bJd4hFs6gYa1eUo0iRt-PqSw9xCv8Bn",
    "DJANGO_ALLOWED_HOSTS": "news.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example",
    "DJANGO_SITE_URL": "https://news.example",
    "DATABASE_URL": "postgres://dramasite@db.internal:5432/dramasite",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "DJANGO_SMTP_HOST": "mail.internal",
    "DJANGO_SMTP_PORT": "587",
    "DJANGO_SMTP_STARTTLS": "1",
}
DEPLOY_CHECK = (
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)
PRINT_SECURITY_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
    "'hsts': s.SECURE_HSTS_SECONDS, 'hsts_sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'redirect': s.SECURE_SSL_REDIRECT,"
    "'session': [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE],"
    "'csrf': [s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.CSRF_COOKIE_SAMESITE],"
    "'mailer': s.MAILERS['default'], 'csp': bool(s.SECURE_CSP), 'csp_ro': bool(s.SECURE_CSP_REPORT_ONLY),"
    "'silenced': s.SILENCED_SYSTEM_CHECKS}))"
)


def production_settings(**extra):
    result = run_settings(PRINT_SECURITY_SETTINGS, **PRODUCTION, **extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_passes_the_deploy_check_at_warning_level():
    """`manage.py check --deploy --fail-level WARNING` exits 0 with a realistic production environment."""
    result = run_settings(DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_the_deploy_check_really_fails_on_a_weakened_setting():
    """The same check fails when HSTS is switched off, so a passing run means something."""
    result = run_settings(DEPLOY_CHECK, **PRODUCTION, DJANGO_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_the_deploy_check_fails_on_hsts_shorter_than_a_year():
    """A month of HSTS with preload on is refused by preload lists: the check says so."""
    result = run_settings(DEPLOY_CHECK, **PRODUCTION, DJANGO_HSTS_SECONDS=str(30 * 24 * 60 * 60))
    assert result.returncode != 0
    assert "dramasite.W001" in result.stderr
    assert "SECURE_HSTS_SECONDS is 2592000, under a year" in result.stderr


def test_production_security_settings():
    """HTTPS redirect, HSTS ≥ a year, Secure+HttpOnly+SameSite cookies, SMTP mail, only ckeditor.W001 silenced."""
    values = production_settings()
    assert values["redirect"] is True
    assert values["hsts"] >= 365 * 24 * 60 * 60
    assert values["hsts_sub"] is True
    assert values["session"] == [True, True, "Lax"]
    assert values["csrf"] == [True, True, "Lax"]
    assert values["mailer"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["mailer"]["OPTIONS"]["host"] == "mail.internal"
    assert values["mailer"]["OPTIONS"]["port"] == 587
    assert values["mailer"]["OPTIONS"]["use_tls"] is True
    assert values["silenced"] == ["ckeditor.W001"]
    assert (values["csp"], values["csp_ro"]) == (True, False)


def test_report_only_switch_moves_the_policy_to_report_only():
    """DJANGO_CSP_REPORT_ONLY=1 sends the public policy as report-only; the deploy check still passes."""
    values = production_settings(DJANGO_CSP_REPORT_ONLY="1")
    assert (values["csp"], values["csp_ro"]) == (False, True)
    assert run_settings(DEPLOY_CHECK, **PRODUCTION, DJANGO_CSP_REPORT_ONLY="1").returncode == 0


class RecordingSMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message and keep what was sent."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test.invalid ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test.invalid")
            elif command.startswith(("MAIL FROM", "RCPT TO", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                message = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    message.append(data)
                self.server.messages.append(b"".join(message).decode())
                self.reply("250 OK: queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RecordingSMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_production_mail_goes_out_over_smtp(smtp_server):
    """With production settings, send_mail() delivers through the SMTP server named in the environment."""
    host, port = smtp_server.server_address
    script = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "print(send_mail('Spoiler report queue', 'Three open reports.', None, ['desk@news.example']))"
    )
    env = {**PRODUCTION, "DJANGO_SMTP_HOST": host, "DJANGO_SMTP_PORT": str(port), "DJANGO_SMTP_STARTTLS": "0"}
    result = run_settings(script, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    [message] = smtp_server.messages
    assert "Subject: Spoiler report queue" in message
    assert "To: desk@news.example" in message
    assert "Three open reports." in message
