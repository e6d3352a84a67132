from django.core.management.base import BaseCommand

from core import rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (contacts, conversations, grievances, MFA secrets) "
        "under the first key in FIELD_ENCRYPTION_KEY and re-compute phone lookup hashes. "
        "Run after putting a new key first; remove the old key once it has finished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        counts = rotation.rotate_everything(batch_size=options["batch_size"])
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} re-encrypted")
        self.stdout.write(self.style.SUCCESS("Done. The old key can now be removed."))
