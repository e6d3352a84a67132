"""Demo summations for the quick start: the week before last, adopted, and last week's draft
with a member's comment. Built from whatever the other apps' demo data holds. Idempotent."""

from django.utils import timezone

from summations import services
from summations.models import Summation, SummationComment
from summations.weeks import Week


def seed(users: dict) -> list[Summation]:
    last_week = Week.last_completed(timezone.now())
    seeded = []
    for week in (last_week.previous, last_week):
        summation = Summation.objects.for_week(week).first()
        if summation is None:
            services.summation_build_now(week=week)
            summation = Summation.objects.for_week(week).get()
        seeded.append(summation)
    adopted, draft = seeded
    if adopted.state == Summation.State.DRAFT and adopted.build_status == "done":
        services.summation_present(summation=adopted, by=users["coordinator"])
        services.summation_adopt(summation=adopted, by=users["coordinator"])
    if not SummationComment.objects.filter(summation=draft).exists():
        services.summation_comment_create(
            summation=draft,
            by=users["member"],
            body="Fewer new contacts than last week: the serve moved indoors. Table outside?",
        )
    return seeded
