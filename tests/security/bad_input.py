"""Property-based bad input for any form: random, oversized, malformed, unicode and
HTML-injection values, posted by a signed-in member who may use the form.

For every generated submission the page must:
- answer 200, a redirect or a 4xx, never a 5xx;
- redirect only to this site (no open redirect through `next`);
- never reflect an HTML payload unescaped;
- when it shows the form again (200): report an error on the form, show each error text, and
  keep what was typed in every field that shows its value (passwords and choices do not);
- when it does not succeed (anything but a redirect): leave every table as it was.

Applying it to a new form is one line in `tests/security/test_bad_input.py`:

    FormCase("contacts:contact_edit", role="investigator", obj="contact",
             fields={"name": TEXT, "phone": TEXT, "notes": TEXT, "base_area": CHOICE()}),
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security.snapshots import changed_tables, database_fingerprint

# Payloads that must never come back unescaped: checked on every page a submission produces.
INJECTIONS = (
    '<script>alert("basework")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example.org>",
)

MALFORMED = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "1e309",
    "NaN",
    "-0.0",
    "null",
    "None",
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "%s%s%s%n",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "\u202eevil\u202c",
    "\ufeff",
    "ñandú ¿sí? ¡no! á é í ó ú",
    "李小龍 محمد Ελένη",
    "😀👍🏽🏳️‍🌈",
    "\r\n\r\n",
    "line one\nline two",
    "javascript:alert(1)",
    "//evil.example.org",
    "https://evil.example.org/",
    "@example.org",
    "a@b",
    "x" * 255,
)

_repeat = st.builds(
    lambda unit, times: (unit or "x") * times, st.text(max_size=4), st.integers(100, 20_000)
)
_injection = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=10),
    st.sampled_from(INJECTIONS),
    st.text(max_size=10),
)
# Any unicode text (hypothesis leaves out lone surrogates, which no browser can send).
BAD_TEXT = st.one_of(
    st.sampled_from(MALFORMED),
    st.text(max_size=200),
    _repeat,
    _injection,
    st.sampled_from(INJECTIONS),
)


class _Omit:
    def __repr__(self) -> str:
        return "<field left out>"


OMIT = _Omit()

# A browser's POST always carries the form's CSRF token (the test client does not check it):
# with it, a submission of nothing but empty fields still reads as a submission.
BROWSER_POST = {"csrfmiddlewaretoken": "not-checked-here"}


@dataclass(frozen=True)
class Kind:
    """How to fill one field. `echoed`: the page shows what was typed when it re-renders the
    form (text inputs do; password inputs, selects and checkboxes don't)."""

    values: st.SearchStrategy
    echoed: bool = False

    def strategy(self) -> st.SearchStrategy:
        return st.one_of(st.just(OMIT), self.values)


TEXT = Kind(BAD_TEXT, echoed=True)
EMAIL = Kind(st.one_of(BAD_TEXT, st.emails()), echoed=True)
PASSWORD = Kind(st.one_of(BAD_TEXT, st.text(min_size=8, max_size=64)))
NUMBER = Kind(
    st.one_of(BAD_TEXT, st.integers().map(str), st.floats().map(str), st.decimals().map(str)),
    echoed=True,
)
DATE = Kind(st.one_of(BAD_TEXT, st.dates().map(str), st.datetimes().map(str)), echoed=True)
TIME = Kind(
    st.one_of(BAD_TEXT, st.times().map(str), st.times().map(lambda t: f"{t:%H:%M}")), echoed=True
)
FLAG = Kind(st.one_of(st.sampled_from(["on", "", "true", "false", "0", "1"]), BAD_TEXT))
# Uploads: random bytes, CSV made of bad cells, the encodings a spreadsheet saves, and files
# larger than the upload limit (1 MB) and than the request-body limit (413).
_CSV_CELLS = st.lists(
    st.sampled_from([*MALFORMED, *INJECTIONS, "=cmd|' /C calc'!A0", '"', '""', ";", "\t"]),
    max_size=30,
).map(lambda cells: "\n".join(",".join(cells[i : i + 3]) for i in range(0, len(cells), 3)))
FILE = Kind(
    st.builds(
        lambda name, content: SimpleUploadedFile(name or "upload.csv", content),
        st.one_of(
            st.sampled_from(["../../etc/passwd", "a.csv", "x.exe", "ü.csv"]), st.text(max_size=30)
        ),
        st.one_of(
            st.binary(max_size=2000),
            _CSV_CELLS.map(str.encode),
            st.builds(
                lambda text, encoding: text.encode(encoding, errors="replace"),
                _CSV_CELLS,
                st.sampled_from(["utf-8-sig", "utf-16", "latin-1", "cp1252"]),
            ),
            st.sampled_from([1024 * 1024 + 1, 3 * 1024 * 1024]).map(
                lambda size: b"a," * (size // 2)
            ),
        ),
    )
)


def CHOICE(*valid: str) -> Kind:  # noqa: N802 (reads like the other kinds)
    """A select or radio: sometimes a valid choice, mostly anything."""
    options = [BAD_TEXT] + ([st.sampled_from(valid)] if valid else [])
    return Kind(st.one_of(*options))


def MULTI(*valid: str) -> Kind:  # noqa: N802
    """Checkboxes or a multiple select: a list of values, valid ones or anything."""
    one = st.one_of(BAD_TEXT, st.sampled_from(valid)) if valid else BAD_TEXT
    return Kind(st.lists(one, max_size=6))


@dataclass(frozen=True)
class FormCase:
    """A form to attack: its URL name, who posts (a role that may use it), the object factory
    for its URL kwargs, and how to fill each field. `fixed`: values sent with every submission
    (a dict, or a function of `people` when they name a member). `follow_get`: GET the URL
    first and post to where it redirects (a password-reset link moves its key into the
    session)."""

    name: str
    role: str
    fields: Mapping[str, Kind] | Callable[..., Mapping[str, Kind]]
    obj: str | None = None
    follow_get: bool = False
    fixed: dict | Callable[..., dict] = field(default_factory=dict)
    # The context name of the form the page shows again (a page may carry several forms;
    # "filter.form" for a FilterSet's form).
    form_name: str = "form"
    # A 200 whose form is valid and whose context holds this key is a result, not an error:
    # an upload's preview to confirm ("preview"), a search's results.
    result_key: str | None = None
    # Tells apart two cases of one URL (an upload and its confirmation).
    variant: str = ""
    # Request headers of every submission (`{"Accept": "text/html"}`: a browser without the
    # page's script, where a view answers a script with JSON).
    headers: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def fixed_data(self, people) -> dict:
        return self.fixed(people) if callable(self.fixed) else self.fixed

    def fields_for(self, people) -> Mapping[str, Kind]:
        """The fields, once the case's objects exist (valid choices are their ids)."""
        return self.fields(people) if callable(self.fields) else self.fields


def _stays_on_site(location: str) -> bool:
    """A redirect target a browser resolves to this site (a long relative URL is fine)."""
    if location.replace("\\", "/").lstrip().startswith("//"):
        return False
    parts = urlsplit(location)
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver")


def _typed_text(sent: dict) -> list[str]:
    """Every text the submission carried, uploaded files' contents included."""
    typed = []
    for value in sent.values():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                typed.append(item)
            elif isinstance(item, SimpleUploadedFile) and item.size <= 100_000:
                item.seek(0)
                typed.append(item.read().decode(errors="replace"))
    return typed


def _lookup(context, dotted: str):
    value = context.get(dotted.split(".")[0])
    for part in dotted.split(".")[1:]:
        value = getattr(value, part, None)
    return value


def _check_response(
    response,
    url: str,
    sent: dict,
    fields: Mapping[str, Kind],
    before,
    *,
    form_name: str = "form",
    result_key: str | None = None,
) -> None:
    status = response.status_code
    where = f"POST {url} with {sent!r}"
    assert status < 500, f"{where}: answered {status}"
    assert status in (200, 301, 302, 303) or 400 <= status < 500, f"{where}: answered {status}"

    if status in (301, 302, 303):
        location = response["Location"]
        assert _stays_on_site(location), f"{where}: redirected off the site to {location}"
        return

    body = response.content.decode(errors="replace")
    for value in _typed_text(sent):
        for payload in INJECTIONS:
            if payload in value:
                assert payload not in body, f"{where}: {payload!r} came back unescaped"

    assert changed_tables(before, database_fingerprint()) == [], f"{where}: a half-written change"

    context = response.context or {}
    form = _lookup(context, form_name) if status in (200, 422) else None
    if form is None:
        return
    if result_key and form.is_bound and not form.errors and context.get(result_key) is not None:
        return  # a result (a preview to confirm, search results), not a refusal
    # A page may carry a form it does not show (a used reset link): check the fields shown.
    shown = {name for name in form.fields if f'name="{form.add_prefix(name)}"' in body}
    if not shown:
        return
    assert form.is_bound, f"{where}: the form came back empty, what was typed is lost"
    assert form.errors, f"{where}: the form came back without saying what is wrong"
    for name, messages in form.errors.items():
        if name in shown or name == "__all__":
            for message in messages:
                assert escape(message) in body, f"{where}: the error {message!r} is not shown"
    for name, value in sent.items():
        if name in shown and fields[name].echoed and isinstance(value, str) and value.strip():
            assert escape(value) in body, f"{where}: what was typed in {name!r} was lost"


# Submissions tried per form by tests/security/test_bad_input.py, for the run's summary line.
TRIED_PER_FORM: dict[str, int] = {}


def post_bad_input(
    client: Client,
    url: str,
    fields: Mapping[str, Kind],
    *,
    fixed: dict | None = None,
    max_examples: int = 40,
    shrink: bool = True,
    form_name: str = "form",
    result_key: str | None = None,
) -> int:
    """Post `max_examples` generated submissions to `url` and check each answer (see the
    module docstring). Returns how many submissions were tried. On a failure hypothesis
    shrinks the submission to the smallest one that still fails (`shrink=False` skips that)."""
    tried = []

    @settings(
        max_examples=max_examples,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else []),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.fixed_dictionaries({name: kind.strategy() for name, kind in fields.items()}))
    def submit(values):
        # Rate limits live in the cache: without this, most examples would only meet a 429.
        cache.clear()
        sent = {name: value for name, value in values.items() if value is not OMIT}
        before = database_fingerprint()
        response = client.post(url, {**BROWSER_POST, **(fixed or {}), **sent})
        tried.append(1)
        _check_response(
            response, url, sent, fields, before, form_name=form_name, result_key=result_key
        )

    submit()
    return len(tried)
