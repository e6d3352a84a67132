from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from bench.scale import COUNTS, seed_scale


class Command(BaseCommand):
    help = (
        "Seed five years of a large organization in bulk, for the scale benchmark (bench/). "
        "Needs an empty, migrated PostgreSQL database. --factor scales every count."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help=f"multiply every count by this (1 = {COUNTS['contacts']:,} contacts)",
        )

    def handle(self, *args, factor: float, **options):
        if factor <= 0:
            raise CommandError("--factor must be above 0.")
        if User.objects.exists():
            raise CommandError("seed_scale needs an empty database (it writes ids itself).")
        seed_scale(factor, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Seeded at factor {factor}."))
