"""How an encrypted contact is still found: the phone's keyed hash and the name's word tokens."""

import unicodedata

from django.db import models

from core import crypto
from core.fields import EncryptedTextField

PHONE_HASH_PURPOSE = "contact-phone"


def normalize_phone(phone: str) -> str:
    """Digits only (and a leading +), so '617-555 0101' and '6175550101' match."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.startswith("+") and digits else digits


def phone_lookup_hash(phone: str) -> str:
    return crypto.lookup_hash(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


def phone_lookup_hashes(phone: str) -> list[str]:
    """The phone's hash under every configured key: a lookup still finds a contact between a
    key rotation and the `rotate_encryption` run that re-computes the stored hashes."""
    return crypto.lookup_hash_candidates(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


NAME_TOKEN_PURPOSE = "contact-name"  # noqa: S105 (a hash purpose, not a secret)
WHOLE_NAME_PURPOSE = "contact-whole-name"
# The shortest beginning of a name word that is searchable: the name filter asks for as many.
NAME_PREFIX_MIN = 2


def name_words(text: str) -> list[str]:
    """The words of a name, folded for search: lower case, accents off ("José" -> "jose")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return ["".join(ch for ch in word if ch.isalnum()) for word in bare.split() if word]


def name_token_digests(name: str) -> set[str]:
    """What a contact's name is found by: the keyed hash of every beginning of every word,
    two letters and longer ("jo", "jos", "jose"). See docs/decisions/0008-sealed-names.md
    for what this tells someone holding the database without the key."""
    digests = {whole_name_digest(name)} - {""}
    for word in name_words(name):
        for end in range(min(NAME_PREFIX_MIN, len(word)), len(word) + 1):
            digests.add(_name_digest(crypto.lookup_hash(word[:end], purpose=NAME_TOKEN_PURPOSE)))
    return digests


def whole_name_digest(name: str) -> str:
    """The keyed hash of the whole name, folded: what `name="Rosa"` matches."""
    folded = " ".join(name_words(name))
    return _name_digest(crypto.lookup_hash(folded, purpose=WHOLE_NAME_PURPOSE)) if folded else ""


def _name_digest(full_hash: str) -> str:
    return full_hash[:NAME_DIGEST_LENGTH]


# 80 bits of the keyed hash: collisions between different words are negligible at any size
# an organization reaches, and the index stays small.
NAME_DIGEST_LENGTH = 20


def _candidates(text: str, purpose: str) -> list[str]:
    return [_name_digest(h) for h in crypto.lookup_hash_candidates(text, purpose=purpose)]


class _NameTokenLookup(models.Lookup):
    """`name="Rosa"` (whole name) and `name__icontains="ros"` (beginnings of words) on an
    encrypted name: matched against the contact's NameTokens, case and accents aside."""

    prepare_rhs = False  # the value is hashed here, never encrypted or sent

    def digest_sets(self, value: str) -> list[list[str]]:
        raise NotImplementedError

    def as_sql(self, compiler, connection):
        value = self.rhs
        if not value:  # forgotten contacts' blank name: the column itself
            lhs_sql, params = compiler.compile(self.lhs)
            return f"{lhs_sql} = %s", [*params, ""]
        sets = self.digest_sets(value) or [[""]]
        quote = compiler.quote_name
        contact_id = f"{quote(self.lhs.alias)}.{connection.ops.quote_name('id')}"
        tokens = connection.ops.quote_name(NameToken._meta.db_table)
        clauses, params = [], []
        for digests in sets:
            marks = ", ".join(["%s"] * len(digests))
            clauses.append(
                f"{contact_id} IN (SELECT contact_id FROM {tokens} WHERE digest IN ({marks}))"  # noqa: S608 (quoted names, values as parameters)
            )
            params.extend(digests)
        return "(" + " AND ".join(clauses) + ")", params


class _WholeName(_NameTokenLookup):
    lookup_name = "exact"

    def digest_sets(self, value):
        folded = " ".join(name_words(value))
        return [_candidates(folded, WHOLE_NAME_PURPOSE)] if folded else []


class _WholeNameFolded(_WholeName):
    lookup_name = "iexact"


class _WordBeginnings(_NameTokenLookup):
    lookup_name = "icontains"

    def digest_sets(self, value):
        words = [w for w in name_words(value) if len(w) >= NAME_PREFIX_MIN]
        return [_candidates(word, NAME_TOKEN_PURPOSE) for word in words]


class NameField(EncryptedTextField):
    """A contact's name: sealed like every personal value, and still found by exact and
    partial lookups (`name="Rosa"`, `name__icontains="ros"`) through keyed hashes."""


for _lookup in (_WholeName, _WholeNameFolded, _WordBeginnings):
    NameField.register_lookup(_lookup)
for _name in ("istartswith", "contains", "startswith"):
    NameField.register_lookup(type(f"_{_name}", (_WordBeginnings,), {"lookup_name": _name}))


class NameTokenQuerySet(models.QuerySet):
    def index(self, contacts) -> None:
        """Re-index these saved contacts' names (what `ContactQuerySet.named` matches)."""
        contacts = [c for c in contacts if c.pk]
        if not contacts:
            return
        self.filter(contact__in=contacts).delete()
        self.bulk_create(
            [
                NameToken(contact_id=contact.pk, digest=digest)
                for contact in contacts
                if contact.forgotten_at is None
                for digest in sorted(name_token_digests(contact.name))
            ],
            batch_size=1000,
        )


class NameToken(models.Model):
    """A keyed hash of the beginning of one word of a contact's name: how an encrypted name is
    found by search. Deleted when the contact is forgotten."""

    contact = models.ForeignKey("Contact", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=NAME_DIGEST_LENGTH, db_index=True)

    objects = NameTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return self.digest
