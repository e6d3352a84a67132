from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import ASSIGNABLE_ROLES, NoticeChannel, Role, User
from core.phones import clean_textable_phone

ROLE_CHOICES = [(role.value, role.label) for role in ASSIGNABLE_ROLES]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", ROLE_CHOICES)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Every member can log serves and read summations. Add roles as needed.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return {Role(v) for v in super().clean(value)}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    roles = RolesField(label=_("Roles"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This person already has an account."))
        return email


class AcceptInvitationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("How other members will see you. A first name is enough."),
    )
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MemberForm(forms.Form):
    roles = RolesField(label=_("Roles"))
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive member cannot sign in; their open sessions end at once."),
    )


class NoticesForm(forms.Form):
    """A member's own notices: how they get them, and their mobile number for texts."""

    notices_by = forms.ChoiceField(
        label=_("How do you want your notices?"),
        choices=NoticeChannel.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Shift reminders, a volunteer who can't make it, new deliveries to drive. A text "
            "has a link and never an address."
        ),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only for your own notices by text. Stored encrypted."),
    )

    def clean_phone(self):
        return clean_textable_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        wants_texts = cleaned.get("notices_by") in (NoticeChannel.TEXT, NoticeChannel.BOTH)
        if wants_texts and "phone" in cleaned and not cleaned["phone"]:
            self.add_error("phone", _("Give a mobile phone number to get your notices by text."))
        return cleaned
