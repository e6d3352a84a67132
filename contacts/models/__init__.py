"""Contacts: people met through the distribution, each tied to a base area.

A contact is a first name or a nickname. Basework has no field for ID, immigration status,
nationality, date of birth or any document number, and never will. Phone, address and notes
are encrypted at rest; the phone's keyed hash allows exact-match de-duplication.

Organizers talk with contacts (conversations, with follow-ups), and assess how far each one is
drawn into struggle (a dated history of development levels, so a summation can report
movement). Every view or export of a contact's personal data is written to an append-only
access log; a contact can be forgotten, and the retention job forgets contacts idle too long."""

from contacts.models.lookups import (  # noqa: F401
    NAME_DIGEST_LENGTH,
    NAME_PREFIX_MIN,
    NAME_TOKEN_PURPOSE,
    PHONE_HASH_PURPOSE,
    WHOLE_NAME_PURPOSE,
    NameField,
    NameToken,
    NameTokenQuerySet,
    name_token_digests,
    name_words,
    normalize_phone,
    phone_lookup_hash,
    phone_lookup_hashes,
    whole_name_digest,
)
from contacts.models.people import (  # noqa: F401
    AboutAContact,
    Contact,
    ContactQuerySet,
    DevelopmentLevel,
    DevelopmentLevelQuerySet,
)
from contacts.models.places import BaseArea, BaseAreaQuerySet  # noqa: F401
from contacts.models.records import (  # noqa: F401
    ContactAccess,
    ContactAccessQuerySet,
    ContactImport,
    Conversation,
    ConversationQuerySet,
    DevelopmentAssessment,
    DevelopmentAssessmentQuerySet,
    RetentionRun,
    RetentionRunQuerySet,
)
