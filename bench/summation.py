"""Build one week's summation with its PDFs (English and Spanish), in-process, as the Celery
task does; report the time, the queries and the process's peak memory. The first build in a
fresh process pays for loading WeasyPrint and its fonts, as a worker's first build would; a
second build of the same week shows the warm figure.

Run as `python -m bench.summation` with BENCH_DATABASE_NAME set; prints one JSON line."""

import json
import os
import resource
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the process's peak resident set so far.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.weeks import Week
    from summations import services

    week = Week.last_completed(timezone.now())
    before = _rss_mb()
    timings = []
    for _attempt in ("cold", "warm"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = services.summation_build_now(week=week)
            timings.append(round(time.perf_counter() - started, 2))
        assert result.outcome == services.Outcome.BUILT, result
    sizes = {code: os.path.getsize(path) // 1024 for code, path in result.paths.items()}
    print(
        json.dumps(
            {
                "week": str(week),
                "seconds": timings[0],
                "warm_seconds": timings[1],
                "queries": len(captured.captured_queries),
                "pdf_kb": sizes,
                "rss_before_mb": before,
                "peak_rss_mb": _rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
