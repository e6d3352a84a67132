"""Profile one benchmarked page in-process (cProfile, the project's own code first).

BENCH_DATABASE_NAME=basework_bench_1_0 python -m bench.profile_page "delivery board"
"""

import cProfile
import os
import pstats
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


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
    url = page.url(targets)
    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(40)


if __name__ == "__main__":
    main()
