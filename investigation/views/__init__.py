"""Investigation pages, one module per screen group. Every lookup goes through the helpers in
`access.py`; every page checks permissions with @require."""
