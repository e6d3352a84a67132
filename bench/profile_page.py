"""Profile one benchmarked page in-process with cProfile: five requests after three warm-up
ones, the project's code, templates, forms and the database driver only.

    BENCH_DATABASE_NAME=basework_bench_1_0 python -m bench.profile_page "delivery board" [tottime]
"""

import cProfile
import os
import pstats
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOWN = ROOT + r"/(?!\.venv)|psycopg|template/base|forms"  # what the profile prints


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from bench.pages import FLOOR, PAGES, find_targets

    page = next(p for p in (FLOOR, *PAGES) if p.name == sys.argv[1])
    targets = find_targets()
    client = Client()
    client.force_login(User.objects.get(email=f"{page.user}@example.org"))

    def request():
        if page.method == "post":
            kind = "application/x-www-form-urlencoded"
            return client.post(page.url(targets), page.body(targets), content_type=kind)
        return client.get(page.url(targets))

    for _ in range(3):
        page.before()
        request()
    profiler = cProfile.Profile()
    for _ in range(5):
        page.before()  # a cold page empties its cache, outside the profile as outside the timing
        profiler.enable()
        request()
        profiler.disable()
    order = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "--all" else "cumulative"
    shown = () if "--all" in sys.argv else (SHOWN,)
    pstats.Stats(profiler).sort_stats(order).print_stats(*shown, 30)


if __name__ == "__main__":
    main()
