import hashlib
import hmac
import json
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.permissions import Perm, require
from contacts.models import Contact
from core.http import posted
from texting import services
from texting.forms import ConsentForm
from texting.models import TextConsent

logger = logging.getLogger(__name__)


def _consent_script() -> str:
    return _(
        "Can we text you from our own phone? Only about what you choose: reminders of serves "
        "and deliveries, or meetings and actions. We never share your number. Reply STOP at "
        "any time and we stop at once."
    )


@require(Perm.EDIT_CONTACTS)
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.active(), pk=pk)
    current = TextConsent.objects.filter(contact=contact).select_related("recorded_by").first()
    language = contact.language if contact.language in dict(settings.LANGUAGES) else "en"
    initial = {"language": language}
    if current is not None and current.recorded_at:
        initial.update(reminders=current.reminders, organizing=current.organizing)
    form = ConsentForm(posted(request), initial=initial)
    opted_out = current is not None and current.opted_out
    if request.method == "POST" and not opted_out and form.is_valid():
        try:
            services.consent_record(
                contact=contact,
                by=request.user,
                reminders=form.cleaned_data["reminders"],
                organizing=form.cleaned_data["organizing"],
                language=form.cleaned_data["language"],
            )
        except services.ConsentRefused:  # they replied STOP just now
            opted_out = True
        else:
            messages.success(request, _("Consent to texts recorded."))
            return redirect("contacts:detail", contact.pk)
    scripts = []
    for code, name in settings.LANGUAGES:
        with override(code):
            scripts.append({"code": code, "name": name, "text": _consent_script()})
    scripts.sort(key=lambda script: script["code"] != language)  # theirs first
    status = 409 if opted_out and request.method == "POST" else 200
    context = {
        "contact": contact,
        "form": form,
        "consent": current,
        "opted_out": opted_out,
        "scripts": scripts,
    }
    return render(request, "texting/consent.html", context, status=status)


@require(Perm.EDIT_CONTACTS)
@require_POST
def opt_out(request: HttpRequest, pk: int) -> HttpResponse:
    """The contact told an organizer they want no texts: recorded at once, for everything."""
    contact = get_object_or_404(Contact.objects.active(), pk=pk)
    services.opt_out_record(contact=contact, by=request.user, via=TextConsent.Via.ORGANIZER)
    messages.success(request, _("No more texts to this contact."))
    return redirect("contacts:detail", contact.pk)


def _signature_ok(body: bytes, timestamp: str, signature: str) -> bool:
    """SMS Gateway for Android signs hex(HMAC-SHA256(key, raw body + X-Timestamp))."""
    secret = settings.TEXT_WEBHOOK_SECRET
    if not secret or not timestamp or not signature:
        return False
    expected = hmac.new(secret.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.strip().lower())


def _fresh(timestamp: str) -> bool:
    try:
        signed_at = int(timestamp)
    except ValueError:
        return False
    return abs(time.time() - signed_at) <= settings.TEXT_WEBHOOK_MAX_AGE_SECONDS


@login_not_required
@csrf_exempt  # the gateway signs its requests instead: the signature is checked first
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """The gateway's webhook: sms:received (a reply), sms:sent / delivered / failed (the fate
    of a text sent). The only route without sign-in: a request without a valid, fresh
    signature gets 403 and changes nothing; one seen before changes nothing either."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.TEXT_WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    body = request.body
    if len(body) > settings.TEXT_WEBHOOK_MAX_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    timestamp = request.headers.get("X-Timestamp", "")
    if not _signature_ok(body, timestamp, request.headers.get("X-Signature", "")):
        return JsonResponse({"error": "bad signature"}, status=403)
    if not _fresh(timestamp):
        return JsonResponse({"error": "too old"}, status=403)
    try:
        envelope = json.loads(body)
        event_id, event = str(envelope["id"]), str(envelope["event"])
        payload = envelope.get("payload") or {}
        if not isinstance(payload, dict) or not event_id or len(event_id) > 64:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "not understood"}, status=400)
    outcome = services.webhook_take(event_id=event_id, event=event, payload=payload)
    logger.info("Text webhook %s: %s", event, outcome)  # never the number or the message
    return JsonResponse({"ok": True, "outcome": outcome})
