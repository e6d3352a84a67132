"""The summation as a PDF for the general body: WeasyPrint, in the reader's language."""

from django.conf import settings
from django.utils import timezone, translation

from core.pdf import pdf_page_count, render_pdf
from core.weeks import organization_tz
from summations.models import Summation
from summations.presentation import EVERY_AUDIENCE, OVERVIEW_REPORT_CHARACTERS, presentation

TEMPLATE = "summations/pdf/summation.html"
FIT_ATTEMPTS = 4  # the reports' share of page 1 is halved up to this many times


def summation_pdf(summation: Summation, language: str, audiences=EVERY_AUDIENCE) -> bytes:
    """Render `summation`'s stored figures (never live data) as a PDF in `language`, with the
    sections `audiences` may read (every one for the stored PDF)."""
    with translation.override(language), timezone.override(organization_tz()):
        characters = OVERVIEW_REPORT_CHARACTERS
        for _attempt in range(FIT_ATTEMPTS):
            context = presentation(summation, language, audiences, characters)
            context.update(organization_name=settings.ORGANIZATION_NAME, language=language)
            # The overview is page 1: laid out alone first, the groups' reports cut shorter
            # until it fits (however much the groups wrote, in whichever language).
            if pdf_page_count(TEMPLATE, {**context, "overview_only": True}) <= 1:
                break
            characters //= 2
        return render_pdf(TEMPLATE, context)
