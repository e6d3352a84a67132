"""The one formatter for a handout's text: plain text in, safe HTML out.

The text is written in a textarea with four conventions, nothing more:

- a blank line starts a new paragraph;
- lines starting with "- " (or "* ") make a bulleted list;
- lines starting with "1. ", "2. " … make a numbered list;
- **two stars** around words make them bold.

Every character is escaped first, so no HTML written in the text ever reaches the page or the
PDF; the formatter adds only <p>, <ul>, <ol>, <li>, <strong> and <br>."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _block_html(lines: list[str]) -> str:
    html, paragraph, items, list_tag, start = [], [], [], "", None

    def close_paragraph():
        if paragraph:
            html.append("<p>" + "<br>".join(_inline(line.strip()) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag, start
        if items:
            numbered = list_tag == "ol" and start != 1
            opening = f'<ol start="{start}">' if numbered else f"<{list_tag}>"
            html.append(opening + "".join(f"<li>{item}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
        list_tag, start = "", None

    for line in lines:
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            tag = "ul" if bullet else "ol"
            close_paragraph()
            if list_tag and list_tag != tag:
                close_list()
            if not list_tag:
                list_tag = tag
                start = int(number.group(1)) if number else None
            items.append(_inline((bullet or number).group(bullet and 1 or 2).strip()))
        elif list_tag and line.startswith((" ", "\t")) and items:
            items[-1] += "<br>" + _inline(line.strip())  # an item's continued line
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return "".join(html)


def render(text: str) -> SafeString:
    """The handout text as HTML: escaped, then paragraphs, lists and bold."""
    return mark_safe("\n".join(_block_html(block) for block in _blocks(text or "")))  # noqa: S308
