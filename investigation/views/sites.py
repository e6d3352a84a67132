import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, can, require
from core.http import paginate
from investigation import presentation, ranking
from investigation.forms import RankingForm


@require(Perm.VIEW_AGGREGATES)
def sites_of_struggle(request: HttpRequest) -> HttpResponse:
    """Where the struggle is: sites (a base area and an antagonist together), base areas or
    antagonists ranked by the distinct people who raised grievances there (or by grievances),
    with the people drawn in, mean severity, and change against the previous period. Sites
    with fewer people than the threshold are listed apart, to watch. Base areas roll up:
    the top-level areas first, each opened one level at a time (`within`). Counts only,
    no names of people, so every member may read it; the drill-down to the grievances behind
    a row needs VIEW_GRIEVANCES. `?format=csv` downloads the whole table; the page shows it
    presentation.RANKING_ROWS at a time. One ranking query, none while the ranking is cached."""
    form = RankingForm(request.GET or None)
    choice = form.choices()
    params = presentation.params(choice)
    if request.GET.get("format") == "csv":
        ranked, watched = ranking.ranked_and_watched(
            ranking.sites_of_struggle(**params), choice["threshold"]
        )
        return _ranking_csv(ranked + watched, choice)
    ranked, watched, watched_count = ranking.page_of_sites(
        **params, threshold=choice["threshold"], watched=ranking.WATCHED_ROWS
    )
    page = paginate(request, ranked, presentation.RANKING_ROWS)
    return render(
        request,
        "investigation/sites_of_struggle.html",
        {
            "form": form,
            "page": page,
            # The tables are rendered once per ranking, page, language and kind of reader.
            **presentation.tables_context(
                choice=choice,
                page_number=page.number,
                rows=page.object_list,
                watched=watched,
                watched_count=watched_count,
                can_drill_down=can(request.user, Perm.VIEW_GRIEVANCES),
                can_start=can(request.user, Perm.EDIT_INVESTIGATION),
            ),
        },
    )


def _ranking_csv(rows: list[dict], choice: dict) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"sites-of-struggle-{choice['by']}-{choice['start']:%Y%m%d}-{choice['end']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    site = choice["by"] == "site"
    first = [_("Antagonist")] if choice["by"] == "antagonist" else [_("Base area")]
    if site:
        first.append(_("Antagonist"))
    writer.writerow(
        [
            *first,
            _("People"),
            _("Grievances"),
            _("Advanced or intermediate"),
            _("Mean severity"),
            _("Previous period"),
            _("Change"),
            _("To watch"),
            *([_("Popular committees"), _("Open demands"), _("Won demands")] if site else []),
        ]
    )
    for row in rows:
        names = [row["key_name"] or ""]
        if site:
            names.append(row["antagonist_name"] or "")
        writer.writerow(
            [
                *(_cell(name) for name in names),
                row["contacts"],
                row["grievances"],
                row["drawn_in"],
                row["mean_severity"],
                row["previous_grievances"],
                row["change"],
                _("yes") if row["contacts"] < choice["threshold"] else "",
                *([row["committees"], row["open_demands"], row["won_demands"]] if site else []),
            ]
        )
    return response


def _cell(name: str) -> str:
    """A name as a spreadsheet cell: never read as a formula."""
    return "'" + name if name[:1] in ("=", "+", "-", "@") else name
