"""The summation as a PDF for the general body: WeasyPrint, in the reader's language."""

from django.conf import settings
from django.utils import timezone, translation

from core.pdf import render_pdf
from summations.models import Summation
from summations.presentation import presentation
from summations.weeks import organization_tz

TEMPLATE = "summations/pdf/summation.html"


def summation_pdf(summation: Summation, language: str) -> bytes:
    """Render `summation`'s stored figures (never live data) as a PDF in `language`."""
    with translation.override(language), timezone.override(organization_tz()):
        context = presentation(summation, language)
        context.update(organization_name=settings.ORGANIZATION_NAME, language=language)
        return render_pdf(TEMPLATE, context)
