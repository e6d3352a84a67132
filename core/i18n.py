"""Names an organization types in (development levels, grievance categories, items, bag types)
are data, not gettext strings: each has an English `name` and an optional Spanish `name_es`."""

from django.utils.translation import get_language


class BilingualName:
    """Mixed into a model with `name` and `name_es`: `label` is the one to show in the active
    language (the English name when no Spanish one was typed)."""

    @property
    def label(self) -> str:
        if self.name_es and (get_language() or "").startswith("es"):
            return self.name_es
        return self.name
