"""The sites-of-struggle page's tables as rendered: the page renders them once per ranking,
page, language and kind of reader into the cache (`{% cache %}` in sites_of_struggle.html),
and after a grievance the worker renders the sites tab's first page ahead, so its first
reader finds the table ready too (docs/decisions/0013-figures-computed-ahead.md)."""

import itertools

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.loader import render_to_string
from django.utils import translation

from investigation import ranking
from investigation.forms import RankingForm

RANKING_ROWS = 50  # the sites where the organization should put its strength come first
TABLES = "investigation/includes/ranking_tables.html"
FRAGMENT = "ranking_tables"  # the name in the page's {% cache %} tag, as written there
PARAMS = ("by", "start", "end", "previous_start", "category", "order", "within")


def params(choice: dict) -> dict:
    """The ranking a page's choices ask for, as `investigation.ranking` takes it."""
    return {key: choice[key] for key in PARAMS}


def tables_context(
    *,
    choice: dict,
    page_number: int,
    rows,
    watched,
    watched_count: int,
    can_drill_down: bool,
    can_start: bool,
) -> dict:
    """What the tables read, beside the page's own context (the `request` only for the
    base areas' links, which keep the reader's choices)."""
    return {
        "choice": choice,
        "rows": rows,
        "watched": watched,
        "watched_count": watched_count,
        "can_drill_down": can_drill_down,
        "can_start": can_start,
        "trail": ranking.trail(choice["within"]),
        "table_seconds": ranking.RANKING_SECONDS,
        "table_key": ranking.table_key(
            page=page_number,
            language=translation.get_language(),
            drill_down=can_drill_down,
            can_start=can_start,
            threshold=choice["threshold"],
            **params(choice),
        ),
    }


def first_tables_render() -> int:
    """The worker, after a grievance (investigation.tasks.refresh_rankings, once
    `ranking.refresh` computed the figures): the sites tab's first page on its default
    reading, in each language, for each kind of reader (with or without the drill-down and
    "start a popular committee" links), rendered into the cache the page reads, unless a
    reader rendered it first. Only the sites tab: its tables link nothing of the reader's
    own address, while the base areas' links keep the reader's choices. Returns how many
    tables were rendered."""
    choice = RankingForm().choices()
    ranked, watched, watched_count = ranking.page_of_sites(
        **params(choice), threshold=choice["threshold"], watched=ranking.WATCHED_ROWS
    )
    rendered = 0
    for (code, _name), (drill_down, can_start) in itertools.product(
        settings.LANGUAGES, itertools.product((False, True), repeat=2)
    ):
        with translation.override(code):
            context = tables_context(
                choice=choice,
                page_number=1,
                rows=ranked[:RANKING_ROWS],
                watched=watched,
                watched_count=watched_count,
                can_drill_down=drill_down,
                can_start=can_start,
            )
            key = make_template_fragment_key(FRAGMENT, [context["table_key"]])
            if cache.get(key) is None:
                cache.set(key, render_to_string(TABLES, context), ranking.RANKING_SECONDS)
                rendered += 1
    return rendered
