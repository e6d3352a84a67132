"""factory-boy factories, one module per app; tests only (production apps import none of them)."""
