"""Distribution: what the organization does every week.

A **serve** is the weekly table at a site: volunteers hand out bags and free-store goods, and
every household, bag and language is tapped into a counter on a phone. Closing a serve locks
its counts and takes the bags' contents out of stock. **Stock** is a ledger of items in
(donations, purchases), out (serves, deliveries) and adjusted (with a reason and a name); cash
donations, purchases and reimbursements make the cash balance. A **delivery request** brings a
bag to someone who can't come: a lead assigns it to a driver, who delivers it or says why not.
Delivery addresses are the most dangerous data held here: only the assigned driver sees one, and
only until the bag is delivered.

The models live in six modules (serves, shifts, late taps, stock, money, deliveries); this
package is the one place to import them from."""

from distribution.models.deliveries import DeliveryRequest, DriverCoverage
from distribution.models.late_taps import LateTap
from distribution.models.money import Donation, Purchase, Reimbursement
from distribution.models.serves import (
    CountAtAServe,
    CountAtAServeQuerySet,
    Schedule,
    Serve,
    Site,
    Tap,
    Weekday,
)
from distribution.models.shifts import Shift
from distribution.models.stock import BagContent, BagType, Item, StockMovement

__all__ = [
    "BagContent",
    "BagType",
    "CountAtAServe",
    "CountAtAServeQuerySet",
    "DeliveryRequest",
    "Donation",
    "DriverCoverage",
    "Item",
    "LateTap",
    "Purchase",
    "Reimbursement",
    "Schedule",
    "Serve",
    "Shift",
    "Site",
    "StockMovement",
    "Tap",
    "Weekday",
]
