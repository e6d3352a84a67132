"""Forms for distribution. They validate input; the writes are in services."""

from distribution.forms.common import DATE, MAX_UNITS, TIME  # noqa: F401
from distribution.forms.deliveries import (  # noqa: F401
    AssignForm,
    CoverageForm,
    DeliveryEditForm,
    DeliveryRequestForm,
    FailedForm,
    MarkForm,
    SelectionField,
    UndoMarkForm,
    VersionForm,
)
from distribution.forms.reach import ReachForm  # noqa: F401
from distribution.forms.serves import (  # noqa: F401
    CloseServeForm,
    LateTapForm,
    RunSignUpForm,
    ServeNotesForm,
    TapForm,
    UndoForm,
    WalkInForm,
)
from distribution.forms.setup import (  # noqa: F401
    BagTypeForm,
    BaseItemLineFormSet,
    DonationForm,
    ItemForm,
    ItemLineForm,
    ItemLineFormSet,
    PurchaseForm,
    ReimbursementForm,
    ScheduleForm,
    SiteForm,
    StockAdjustForm,
    item_lines,
)
