# The committee fixtures (two groups with their leads, the query-count helper) serve here too.
from tests.committees.conftest import delivery, outreach, queries  # noqa: F401
