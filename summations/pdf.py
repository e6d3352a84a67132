"""The summation as a PDF for the general body: WeasyPrint, in the reader's language."""

from django.conf import settings
from django.utils import timezone, translation

from core.pdf import render_pdf
from core.weeks import organization_tz
from summations.models import Summation
from summations.presentation import EVERY_AUDIENCE, presentation

TEMPLATE = "summations/pdf/summation.html"


def summation_pdf(summation: Summation, language: str, audiences=EVERY_AUDIENCE) -> bytes:
    """Render `summation`'s stored figures (never live data) as a PDF in `language`, with the
    sections `audiences` may read (every one for the stored PDF)."""
    with translation.override(language), timezone.override(organization_tz()):
        context = presentation(summation, language, audiences)
        context.update(organization_name=settings.ORGANIZATION_NAME, language=language)
        return render_pdf(TEMPLATE, context)
