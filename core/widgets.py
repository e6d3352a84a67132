"""Form rendering shared by the apps."""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """Django's autoescape: safe strings as they are, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs: dict) -> str:
    """Django's attrs.html, in its order: True gives a bare attribute, False none."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget: dict) -> SafeString:
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'<optgroup label="{_text(group_name)}">')
        html.extend(
            f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>"
            for option in options
        )
        if group_name:
            html.append("</optgroup>")
    html.append("</select>")
    return SafeString("".join(html))


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
