"""Form rendering shared by the apps."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> SafeString:
    """Django's attrs.html, in its order: True gives a bare attribute, False none."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


def _select(widget: dict) -> SafeString:
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option["value"], _attrs(option["attrs"]), option["label"]) for option in options),
        )
        if group_name:
            rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
        groups.append(rendered)
    return format_html(
        '<select name="{}"{}>{}</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        SafeString("".join(groups)),
    )


class FormRenderer(DjangoTemplates):
    """Django's renderer, but a <select> is written in Python in one pass: Django renders each
    option through a template include, which costs a few hundred milliseconds for the thousand
    base areas or two thousand antagonists a five-year-old organization has. Same HTML."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget", {})
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in widget.get("optgroups", ())
            for option in options
        ):
            return _select(widget)
        return super().render(template_name, context, request)
