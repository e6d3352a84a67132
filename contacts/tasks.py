from celery import shared_task

from contacts import services


@shared_task
def forget_inactive_contacts() -> int:
    """Nightly: forget contacts idle longer than CONTACT_RETENTION_MONTHS (once per day)."""
    return services.contacts_purge_inactive().purged
