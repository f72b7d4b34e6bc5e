"""Login throttling (django-axes): five failures lock one username from one address, for fifteen minutes."""

import datetime as dt
from io import StringIO

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, authenticate
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from rehearsal.html import parse
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor():
    return make_user(username="han.editor", password=PASSWORD, is_staff=True)


def attempt(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def fail_five_times(client, username):
    for _ in range(5):
        response = attempt(client, username, "wrong password")
    return response


def signed_in(client):
    return SESSION_KEY in client.session


def test_the_right_password_is_refused_with_429_after_five_failures(editor):
    """After 5 wrong passwords, even the right one gets the 429 page and no session."""
    client = Client()
    for _ in range(4):
        assert attempt(client, editor.username, "wrong password").status_code == 200  # the form again
    fail_five_times(client, editor.username)
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    tree = parse(response.content.decode())
    assert tree.find("h1").text() == "Too many sign-in attempts"
    assert "paused for 15 minutes" in tree.find("section", cls="error-page").text()


def test_four_failures_do_not_lock_and_a_success_resets_the_count(editor):
    """Four failures then the right password signs in, and the count starts again from zero."""
    client = Client()
    for _ in range(4):
        attempt(client, editor.username, "wrong password")
    assert attempt(client, editor.username, PASSWORD).status_code == 302
    assert signed_in(client)
    client = Client()
    for _ in range(4):
        attempt(client, editor.username, "wrong password")
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_another_username_from_the_same_client_can_still_sign_in(editor):
    """The lock is on the username and address together: a colleague behind the same address signs in."""
    colleague = make_user(username="kim.writer", password=PASSWORD, is_staff=True)
    client = Client()
    fail_five_times(client, editor.username)
    assert attempt(client, colleague.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_same_username_from_another_address_can_still_sign_in(editor):
    """Someone guessing from one address cannot lock the real user out everywhere."""
    fail_five_times(Client(REMOTE_ADDR="198.51.100.7"), editor.username)
    client = Client(REMOTE_ADDR="203.0.113.20")
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_fifteen_minute_cool_off(editor):
    """Fourteen minutes on, still locked; sixteen minutes on, the right password works."""
    client = Client()
    fail_five_times(client, editor.username)

    # Time travel: move the recorded failures back, which is all the cool-off looks at.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14))
    assert attempt(client, editor.username, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert attempt(client, editor.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_operator_unlocks_with_axes_reset_username(editor):
    """`manage.py axes_reset_username <name>` lifts the lock at once (README, "Roles")."""
    client = Client()
    fail_five_times(client, editor.username)
    call_command("axes_reset_username", editor.username, stdout=StringIO())
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_failures_are_counted_for_unknown_usernames_too():
    """Guessing at names gets locked the same way, so the answer does not reveal which accounts exist."""
    client = Client()
    assert fail_five_times(client, "no-such-user").status_code == 429


def test_password_checks_without_a_request_are_refused(editor):
    """authenticate() without the request cannot bypass the throttle: the throttle backend refuses it."""
    with pytest.raises(AxesBackendRequestParameterRequired):
        authenticate(username=editor.username, password=PASSWORD)
