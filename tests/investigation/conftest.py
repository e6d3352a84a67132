from tests.investigation.routes import urls  # noqa: F401  (a fixture for every module here)
