"""The project's form renderer writes a <select> in Python: the HTML must be Django's (the same
elements, attributes in the same order, the same text; only the whitespace between tags may
differ) for every kind of select the apps use, and values and labels stay escaped."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.widgets import FormRenderer

CHOICES = [
    ("", "---------"),
    ("1", "Maverick Sq"),
    ("2", '<script>alert("x")</script> & Co'),
    ("Buildings", [("3", "12 Sumner St"), ("4", "O'Brien Towers")]),
]


class Everything(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False, help_text="Pick one")
    many = forms.MultipleChoiceField(choices=CHOICES[1:])
    flagged = forms.ChoiceField(
        choices=CHOICES, widget=forms.Select(attrs={"class": "wide", "data-x": '"q"'})
    )
    radio = forms.ChoiceField(choices=CHOICES[1:3], widget=forms.RadioSelect)


class _Tree(HTMLParser):
    """The tags, attributes and text of a fragment, whitespace between tags left out."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.items: list[tuple] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data))

    def handle_entityref(self, name):
        self.items.append(("text", f"&{name};"))

    def handle_charref(self, name):
        self.items.append(("text", f"&#{name};"))


def same_html(a: str, b: str) -> bool:
    return _Tree(a).items == _Tree(b).items


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "2", "many": ["1", "4"], "flagged": "3", "radio": "1"},
        {"one": "nope", "many": ["9"]},  # errors: aria-invalid on the selects
    ],
)
def test_the_html_is_djangos(data):
    django_form = Everything(data, renderer=DjangoTemplates())
    ours = Everything(data, renderer=FormRenderer())
    if data:
        django_form.is_valid(), ours.is_valid()
    for name in Everything.base_fields:
        assert same_html(str(ours[name]), str(django_form[name])), name
    assert same_html(str(ours), str(django_form))
    assert "<select" in str(ours) and "<optgroup" in str(ours)


def test_values_and_labels_are_escaped():
    html = str(Everything(renderer=FormRenderer())["one"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert "O&#x27;Brien Towers" in html


def test_it_is_the_projects_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "core.widgets.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
