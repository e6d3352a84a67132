from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.weeks import Week
from summations import services


def _week(text: str) -> Week:
    try:
        return Week.parse(text)
    except ValueError as exc:
        raise CommandError(f"--week: {text!r} is not an ISO week like 2026-W47.") from exc


class Command(BaseCommand):
    help = (
        "Build the weekly summation (figures and PDFs) here, without a worker, and print the "
        "PDF path(s). Defaults to the week just ended."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", type=_week, help="ISO week, e.g. 2026-W47")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="build only this language's PDF (default: every language)",
        )

    def handle(self, *args, week: Week | None = None, language: str | None = None, **options):
        week = week or Week.last_completed(timezone.now())
        if not week.has_ended():
            raise CommandError(f"{week} has not ended yet: build it once it is over.")
        languages = (language,) if language else None
        try:
            result = services.summation_build_now(week=week, languages=languages)
        except services.SummationBuildFailed as exc:
            raise CommandError(f"The build of {week} failed: {exc}") from exc
        if result.outcome == services.Outcome.BUSY:
            raise CommandError(
                f"{week} is being built by a worker right now; try again in "
                f"{int(result.retry_in) + 1} seconds at most."
            )
        if result.outcome != services.Outcome.BUILT:
            raise CommandError(f"{week} was not built ({result.outcome}).")
        self.stderr.write(f"Built the summation for {week} in {result.seconds:.2f} s.")
        for path in result.paths.values():
            self.stdout.write(path)
