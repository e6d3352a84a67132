"""What every distribution service shares: how far ahead serves are scheduled, and the refusals."""

from distribution.models.stock import StockLine

SCHEDULE_WEEKS_AHEAD = 4


class ServeClosed(Exception):
    """The serve is closed: its counts are locked."""


class StockShortfall(Exception):
    """Taking these quantities out would leave an item below zero."""

    def __init__(self, shortfalls: list[StockLine]):
        self.shortfalls = shortfalls
        super().__init__(", ".join(f"{s.item}: {s.needed} > {s.on_hand}" for s in shortfalls))


class DeliveryChanged(Exception):
    """The request changed (another lead, or the driver) since the page was loaded."""
