"""Query expressions more than one app groups by."""

from django.db.models import BigIntegerField, F, Func

# Above this many slots per member the ids are too sparse for one array: the CASE instead.
_SPARSE = 20


class GroupOf(Func):
    """For each row, the key of the group whose members hold the row's `field` (an id), or
    NULL when none does: `{7: [7, 12, 13]}` puts rows with field 12 under 7. Grouping by it
    rolls many ids up into one row in a single aggregate query.

    On PostgreSQL the groups go as one parameter, an array indexed by the member ids
    (`('[7:13]={7,NULL,…,7}'::bigint[])[field]`), looked up once per row; elsewhere (and for
    ids too sparse for an array) a CASE with one IN list per group. A thousand base areas
    in forty groups are then one parameter instead of two thousand to bind."""

    output_field = BigIntegerField()

    def __init__(self, field: str, groups: dict[int, list[int]]):
        super().__init__(F(field))
        self.groups = groups

    def _members(self) -> dict[int, int]:
        return {member: key for key, members in self.groups.items() for member in members}

    def as_sql(self, compiler, connection, **extra_context):
        field, field_params = compiler.compile(self.source_expressions[0])
        cases, params = [], []
        for key, members in self.groups.items():
            if members:
                cases.append(f"WHEN {field} IN ({', '.join(['%s'] * len(members))}) THEN %s")
                params += [*field_params, *members, key]
        if not cases:
            return "NULL", []
        return f"CASE {' '.join(cases)} ELSE NULL END", params

    def as_postgresql(self, compiler, connection, **extra_context):
        key_of = self._members()
        if not key_of:
            return "NULL", []
        low, high = min(key_of), max(key_of)
        if high - low >= _SPARSE * len(key_of):
            return self.as_sql(compiler, connection, **extra_context)
        field, field_params = compiler.compile(self.source_expressions[0])
        slots = ",".join(str(key_of.get(pk, "NULL")) for pk in range(low, high + 1))
        return f"(%s::bigint[])[{field}]", [f"[{low}:{high}]={{{slots}}}", *field_params]


def group_of(field: str, groups: dict[int, list[int]]) -> GroupOf:
    """The group key of each row's `field` (see GroupOf)."""
    return GroupOf(field, groups)
