"""The reach page's period and filters."""

from investigation.forms import RankingForm

# --- Reach ------------------------------------------------------------------------------------


class ReachForm(RankingForm):
    """The reach page's period: the sites-of-struggle ranking's own period fields, choices,
    default and rules (at most ten years), so that both pages read the same days. Only the
    period is shown; `choices()` gives start and end."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [name for name in self.fields if name not in ("period", "start", "end")]:
            del self.fields[name]
