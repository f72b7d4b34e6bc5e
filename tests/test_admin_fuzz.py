"""Random query strings on every admin change list, as every role: never a 5xx (hypothesis).

The keys are drawn from what a change list could be asked: each model field with
a lookup (exact, icontains, regex, year, has_key, isnull, in, range...), spans
across relations, the list's own controls (q, o, p, all, e, _popup, _to_field,
_facets) and junk; the values from numbers at and past every limit, dates out of
range, NUL, broken escapes and long text. Deterministic and bounded for CI, as
tests/test_public_urls_fuzz.py is.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_admin_lookups import REGISTERED, ROLES, changelist, client_for, newsroom  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

LOOKUPS = [
    "",
    "__exact",
    "__iexact",
    "__icontains",
    "__regex",
    "__iregex",
    "__year",
    "__month",
    "__day",
    "__in",
    "__range",
    "__isnull",
    "__gte",
    "__lt",
    "__has_key",
    "__contains",
    "__id__exact",
    "__pk",
    "__date",
]
CONTROLS = ["q", "o", "p", "all", "e", "_popup", "_to_field", "_facets", "_changelist_filters", "state", "source"]
VALUES = st.one_of(
    st.sampled_from(
        [
            "1",
            "0",
            "-1",
            "abc",
            "true",
            "",
            "2026",
            "13",
            "99999",
            "9999-12-31",
            "0001-01-01",
            "1,2",
            "461168601842738792",
            "99999999999999999999999",
            "\x00",
            "a\x00b",
            "%FF",
            "'",
            '"',
            "1.-2.x",
            "김지원",
            "x" * 5000,
            "id",
            "password",
            "__proto__",
        ]
    ),
    st.text(max_size=30),
)


def keys_for(model):
    fields = [field.name for field in model._meta.get_fields()]
    spans = [
        f"{field.name}__{inner.name}"
        for field in model._meta.get_fields()
        if field.is_relation and field.related_model
        for inner in field.related_model._meta.get_fields()[:6]
    ]
    names = st.sampled_from(fields + spans)
    return st.one_of(
        st.tuples(names, st.sampled_from(LOOKUPS)).map("".join),
        st.sampled_from(CONTROLS),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20),
    )


@st.composite
def admin_requests(draw):
    model, _ = draw(st.sampled_from(REGISTERED))
    pairs = draw(st.lists(st.tuples(keys_for(model), VALUES), min_size=1, max_size=4))
    return model, draw(st.sampled_from(ROLES)), pairs


@settings(
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(request=admin_requests())
def test_no_admin_list_answers_5xx_to_any_query_string(newsroom, request):  # noqa: F811
    """Any role, any list, any query string: an answer below 500 with no traceback, and a refusal goes to ?e=1."""
    model, role, pairs = request
    client = client_for(role, newsroom["users"])
    url = changelist(model)
    response = client.get(url, pairs)
    where = (role, url, pairs)
    assert response.status_code < 500, where
    assert b"Traceback" not in response.content, where
    assert b"Database error" not in response.content, where
    if response.status_code == 302 and role != "anonymous":
        assert response["Location"] == f"{url}?e=1", where


def test_the_fuzz_signs_in_as_each_role(newsroom):  # noqa: F811
    """The roles the fuzz draws are real sign-ins: each one reaches the lists it may and is refused the others."""
    seen = {
        role: client_for(role, newsroom["users"]).get("/admin/articles/spoilermoderation/").status_code
        for role in ROLES
    }
    assert seen == {"anonymous": 302, "writer": 403, "editor": 200, "moderator": 200, "superuser": 200}
