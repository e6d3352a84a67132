"""Past weekly summations: each week's real figures (the same snapshot a build keeps), adopted
by the general body, with a member's comment or two. No PDFs: the benchmark times one build
with its PDFs separately (bench/summation.py)."""

from psycopg.types.json import Jsonb

from bench.scale.bulk import copy_rows
from core.weeks import Week
from summations import sections
from summations.models import Summation, SummationComment

COMMENTS = [
    "Fewer new contacts than last week: the serve moved indoors.",
    "The tenants' meeting brought three new people to the serve.",
    "We need more drivers on Saturdays.",
]


def seed(plan) -> dict[str, int]:
    rng = plan.rng
    last = Week.last_completed(plan.at(plan.today))
    weeks = [last]
    for _n in range(plan.count("summations") - 1):
        weeks.append(weeks[-1].previous)
    coordinator = plan.users["coordinator"].pk
    rows = []
    for n, week in enumerate(reversed(weeks)):
        built = week.end
        state = Summation.State.ADOPTED if n < len(weeks) - 1 else Summation.State.DRAFT
        adopted = state == Summation.State.ADOPTED
        rows.append(
            (
                week.year,
                week.week,
                state,
                sections.snapshot(week),
                built,
                Summation.BuildStatus.DONE,
                1,
                built,
                built,
                built,
                built if adopted else None,
                coordinator if adopted else None,
                built if adopted else None,
                coordinator if adopted else None,
            )
        )
    copy_rows(
        Summation,
        [
            "year",
            "week",
            "state",
            "figures",
            "built_at",
            "build_status",
            "build_attempts",
            "build_requested_at",
            "build_started_at",
            "build_finished_at",
            "presented_at",
            "presented_by",
            "adopted_at",
            "adopted_by",
        ],
        [row[:3] + (Jsonb(row[3]),) + row[4:] for row in rows],
    )
    comments = [
        SummationComment(summation=summation, author_id=rng.choice(plan.member_ids), body=body)
        for summation in Summation.objects.only("id")
        for body in rng.sample(COMMENTS, k=rng.randint(0, 2))
    ]
    SummationComment.objects.bulk_create(comments, batch_size=1000)
    return {"summations": len(rows), "summation comments": len(comments)}
