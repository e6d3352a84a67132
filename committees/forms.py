"""Forms of committees. They bind and validate input only; the views hand the cleaned data to
one service each, which may still refuse with a message that lands next to a field."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Outcome,
    Proposal,
    Scope,
    VoteChoice,
    WorkingGroup,
)
from core.weeks import validate_iso_week

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# Django 6.1's own blank choice label has no Spanish translation yet.
EMPTY_LABEL = _("Choose…")


class MemberChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", EMPTY_LABEL)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return str(obj)


def active_members():
    return User.objects.filter(is_active=True).order_by("display_name", "email")


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "purpose", "vote_rule"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class MembershipAddForm(forms.Form):
    user = MemberChoiceField(label=_("Member"), queryset=User.objects.none())
    is_lead = forms.BooleanField(
        label=_("Lead of the group"),
        required=False,
        help_text=_("Leads make the group's day-to-day operational decisions."),
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = active_members().exclude(memberships__group=group)


class SpokeElectionForm(forms.Form):
    member = MemberChoiceField(label=_("Spoke elected"), queryset=User.objects.none())
    meeting = forms.ModelChoiceField(
        empty_label=EMPTY_LABEL,
        label=_("Elected at the meeting of"),
        queryset=Meeting.objects.none(),
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DATE_INPUT)
    term_end = forms.DateField(label=_("Term ends"), widget=DATE_INPUT)
    mandate = forms.CharField(
        label=_("Mandate"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the group asks its spoke to carry to the council."),
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = active_members().filter(memberships__group=group)
        self.fields["meeting"].queryset = group.meetings.order_by("-starts_at")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term must end after it starts."))
        return cleaned


class SpokeRecallForm(forms.Form):
    meeting = forms.ModelChoiceField(
        empty_label=EMPTY_LABEL,
        label=_("Recalled at the meeting of"),
        queryset=Meeting.objects.none(),
    )
    reason = forms.CharField(
        label=_("Reason for the recall"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = group.meetings.order_by("-starts_at")


class MeetingTimesForm(forms.Form):
    """When and where: a date with a start and an end time, in the organization's time zone."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("Optional, e.g. “Monthly general body”."),
    )
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    ends = forms.TimeField(label=_("Ends"), widget=TIME_INPUT)
    place = forms.CharField(
        label=_("Place or call"), max_length=200, help_text=_("An address, a room, or a call link.")
    )

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "day": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
            "minutes": meeting.minutes,
        }

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("The meeting must end after it starts."))
            else:
                cleaned["starts_at"] = self._aware(day, starts)
                cleaned["ends_at"] = self._aware(day, ends)
        return cleaned

    @staticmethod
    def _aware(day, at: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, at))


class MeetingForm(MeetingTimesForm):
    body = forms.ChoiceField(label=_("Who meets"), choices=Body.choices)
    group = forms.ModelChoiceField(
        empty_label=EMPTY_LABEL,
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        help_text=_("For a working group meeting."),
    )
    field_order = ["body", "group", "title", "day", "starts", "ends", "place"]

    def __init__(self, *args, bodies: list[str], groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.value, b.label) for b in Body if b in bodies]
        self.fields["group"].queryset = groups

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body") == Body.WORKING_GROUP and not cleaned.get("group"):
            self.add_error("group", _("Choose the working group that meets."))
        return cleaned


class MeetingEditForm(MeetingTimesForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was discussed and agreed, for members who could not come."),
    )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = eligible


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of item"), choices=AgendaItem.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Topic"),
        max_length=200,
        required=False,
        help_text=_("For a discussion item."),
    )
    proposal = forms.ModelChoiceField(
        empty_label=EMPTY_LABEL,
        label=_("Proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("For a proposal to decide."),
    )
    iso_week = forms.CharField(
        label=_("Week of the summation"),
        max_length=8,
        required=False,
        validators=[validate_iso_week],
        help_text=_("For a summation review, e.g. 2026-W47."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.open().order_by("title")


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "text", "scope", "group"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "scope": forms.RadioSelect,
        }
        help_texts = {
            "scope": _(
                "Operational: one working group's own work, decided by the group or its lead. "
                "Coordination: between groups, decided by the spokes-council. Steering: the "
                "organization's direction, decided only by a general body meeting with quorum."
            ),
            "group": _("For an operational proposal: the group whose work it is."),
        }

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].empty_label = EMPTY_LABEL
        self.fields["scope"].choices = Scope.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == Scope.OPERATIONAL and not cleaned.get("group"):
            self.add_error("group", _("Say which working group an operational proposal is for."))
        return cleaned


class MandateForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.none(), empty_label=EMPTY_LABEL
    )
    position = forms.ChoiceField(
        label=_("The group's position"), choices=[("", EMPTY_LABEL), *VoteChoice.choices]
    )
    note = forms.CharField(
        label=_("Note for the spoke"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class DecisionForm(forms.Form):
    """One vote field per member who may vote (see Meeting.voters), and the reasoning."""

    reasoning = forms.CharField(
        label=_("Reasoning"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the body decided this way, for members who were not there."),
    )

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = voters
        choices = [("", _("Did not vote")), *VoteChoice.choices]
        for voter in voters:
            label = str(voter.member)
            if voter.group is not None:
                label = _("%(spoke)s for %(group)s") % {"spoke": voter.member, "group": voter.group}
            field = forms.ChoiceField(label=label, choices=choices, required=False)
            if voter.mandate:
                field.initial = voter.mandate
                field.help_text = _("Mandated by the group: %(position)s") % {
                    "position": VoteChoice(voter.mandate).label
                }
            self.fields[f"vote_{voter.key}"] = field
        self.order_fields([f"vote_{v.key}" for v in voters] + ["reasoning"])

    def votes(self) -> dict[str, str]:
        return {v.key: self.cleaned_data.get(f"vote_{v.key}", "") for v in self.voters}


class LeadDecisionForm(forms.Form):
    proposal = forms.ModelChoiceField(
        empty_label=EMPTY_LABEL,
        label=_("Open proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        help_text=_("Decide one of the group's open proposals, or describe a new decision below."),
    )
    title = forms.CharField(label=_("What was decided"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        open_proposals = Proposal.objects.open().filter(group=group, scope=Scope.OPERATIONAL)
        if open_proposals.exists():
            self.fields["proposal"].queryset = open_proposals
        else:
            del self.fields["proposal"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("proposal") and not cleaned.get("title"):
            self.add_error("title", _("Say what was decided, or choose an open proposal."))
        return cleaned


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "assignee", "group", "due_on", "notes"]
        widgets = {"due_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"group": _("The group answerable for it: its lead hears if it is late.")}

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["assignee"].queryset = active_members()
        self.fields["group"].empty_label = self.fields["assignee"].empty_label = EMPTY_LABEL


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class WeeklyReportForm(forms.Form):
    what_we_did = forms.CharField(label=_("What we did"), widget=forms.Textarea(attrs={"rows": 5}))
    what_went_wrong = forms.CharField(
        label=_("What went wrong"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
