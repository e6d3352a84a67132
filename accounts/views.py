from allauth.account.views import logout as allauth_logout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.filters import AuditFilter
from accounts.forms import AcceptInvitationForm, InvitationForm, MemberForm, NoticesForm
from accounts.models import ASSIGNABLE_ROLES, Invitation, User
from accounts.permissions import Perm, require
from core import audit
from core.http import paginate, posted
from core.models import AuditEntry


@require(Perm.MANAGE_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    members = list(User.objects.for_member_list())
    invitations = list(Invitation.objects.pending().for_invitation_list())
    return render(
        request, "accounts/member_list.html", {"members": members, "invitations": invitations}
    )


@require(Perm.MANAGE_MEMBERS)
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(posted(request), initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        accept_url = request.build_absolute_uri(
            reverse("accounts:invitation_accept", args=["TOKEN"])
        ).replace("TOKEN", "{token}")
        invitation = services.invitation_create(
            email=form.cleaned_data["email"],
            roles=form.cleaned_data["roles"],
            language=form.cleaned_data["language"],
            by=request.user,
            accept_url=accept_url,
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("accounts:member_list")
    return render(request, "accounts/invitation_form.html", {"form": form})


@login_not_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.by_token(token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", status=410)
    form = AcceptInvitationForm(posted(request), email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationNotUsable:
            return render(request, "accounts/invitation_unusable.html", status=410)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome. Your account is ready."))
        return redirect("dashboard:home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@require(Perm.MANAGE_MEMBERS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(User, pk=pk)
    initial = {
        "roles": [r.value for r in ASSIGNABLE_ROLES if r in member.roles],
        "is_active": member.is_active,
    }
    form = MemberForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_set_roles(user=member, roles=form.cleaned_data["roles"], by=request.user)
        if member.is_active and not form.cleaned_data["is_active"]:
            services.user_deactivate(user=member, by=request.user)
        elif not member.is_active and form.cleaned_data["is_active"]:
            member.is_active = True
            member.save(update_fields=["is_active"])
        messages.success(request, _("Saved."))
        return redirect("accounts:member_list")
    return render(request, "accounts/member_edit.html", {"form": form, "member": member})


def profile(request: HttpRequest) -> HttpResponse:
    """The member's own account, and how they get their notices (email, text or both)."""
    user = request.user
    form = NoticesForm(
        posted(request), initial={"notices_by": user.notices_by, "phone": user.phone}
    )
    if request.method == "POST" and form.is_valid():
        services.notices_set(
            user=user, notices_by=form.cleaned_data["notices_by"], phone=form.cleaned_data["phone"]
        )
        messages.success(request, _("Saved."))
        return redirect("accounts:profile")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for a signed-in member, remember the choice."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(User._meta.get_field("language").choices):
        services.user_set_language(user=request.user, language=language)
    return response


# Sent with the response that signs a member out: the browser drops this site's cached pages,
# cookies and local storage, so a shared or borrowed phone keeps nothing of the session.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@login_not_required
def logout(request: HttpRequest) -> HttpResponse:
    """allauth's sign-out (POST only; a GET shows the confirmation), then Clear-Site-Data."""
    response = allauth_logout(request)
    if request.method == "POST":
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@require(Perm.VIEW_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who changed what, newest first, filtered by member, kind and dates."""
    entries = AuditFilter(request.GET or None, queryset=AuditEntry.objects.for_audit_page())
    return render(
        request,
        "accounts/audit_trail.html",
        {
            "filter": entries,
            "page": paginate(request, entries.qs),
            "retention_days": max(settings.AUDIT_RETENTION_DAYS, audit.MINIMUM_RETENTION_DAYS),
        },
    )
