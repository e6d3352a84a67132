import csv

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, can, require
from investigation import ranking
from investigation.forms import RankingForm

RANKING_ROWS = 50  # the sites where the organization should put its strength come first


@require(Perm.VIEW_AGGREGATES)
def sites_of_struggle(request: HttpRequest) -> HttpResponse:
    """Where the struggle is: base areas or antagonists ranked by grievances, distinct contacts,
    contacts drawn in, mean severity, and change against the previous period. Counts only,
    no names of people, so every member may read it; the drill-down to the grievances behind
    a row needs VIEW_GRIEVANCES. `?format=csv` downloads the whole table; the page shows it
    RANKING_ROWS at a time. One ranking query, none while the ranking is cached."""
    form = RankingForm(request.GET or None)
    choice = form.choices()
    params = {key: choice[key] for key in ("by", "start", "end", "previous_start", "category")}
    rows = ranking.sites_of_struggle(**params)
    if request.GET.get("format") == "csv":
        return _ranking_csv(rows, choice)
    page = Paginator(rows, RANKING_ROWS).get_page(request.GET.get("page"))
    can_drill_down = can(request.user, Perm.VIEW_GRIEVANCES)
    return render(
        request,
        "investigation/sites_of_struggle.html",
        {
            "form": form,
            "choice": choice,
            "page": page,
            "rows": list(page.object_list),
            "can_drill_down": can_drill_down,
            # The table is rendered once per ranking, page, language and kind of reader.
            "table_key": ranking.table_key(
                page=page.number,
                language=request.LANGUAGE_CODE,
                drill_down=can_drill_down,
                **params,
            ),
            "table_seconds": ranking.RANKING_SECONDS,
        },
    )


def _ranking_csv(rows: list[dict], choice: dict) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"sites-of-struggle-{choice['by']}-{choice['start']:%Y%m%d}-{choice['end']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Base area") if choice["by"] == "base_area" else _("Antagonist"),
            _("Grievances"),
            _("Contacts"),
            _("Advanced or intermediate"),
            _("Mean severity"),
            _("Previous period"),
            _("Change"),
        ]
    )
    for row in rows:
        name = row["key_name"] or ""
        writer.writerow(
            [
                "'" + name if name[:1] in ("=", "+", "-", "@") else name,
                row["grievances"],
                row["contacts"],
                row["drawn_in"],
                f"{row['mean_severity']:.1f}",
                row["previous_grievances"],
                row["change"],
            ]
        )
    return response
