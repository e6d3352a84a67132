from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.weeks import Week
from summations.models import SummationComment


class WeekForm(forms.Form):
    """Which week to build: the browser's week picker sends '2026-W47'."""

    week = forms.CharField(
        label=_("Week"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "week"}),
        help_text=_("An ISO week, for example 2026-W47 (Monday to Sunday)."),
    )

    def clean_week(self) -> Week:
        try:
            week = Week.parse(self.cleaned_data["week"])
        except ValueError:
            raise forms.ValidationError(_("Enter a week like 2026-W47."), code="invalid") from None
        if not week.has_ended(timezone.now()):
            raise forms.ValidationError(
                _("This week has not ended yet: its summation can be built once it is over."),
                code="not_ended",
            )
        return week


class CommentForm(forms.ModelForm):
    class Meta:
        model = SummationComment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
