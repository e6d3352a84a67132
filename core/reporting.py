"""Error reports (the mail to ADMINS, the DEBUG page) without personal data.

Django's SafeExceptionReporterFilter hides POST fields only when a view is decorated with
@sensitive_post_parameters. In Basework nearly every form holds someone's name, phone, address
or notes, so the project's filter hides every POST value and every local variable of every
frame, on every view, and hides settings that can hold a credential or a key."""

import re

from django.views.debug import SafeExceptionReporterFilter


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|REDIS|BROKER|EMAIL|MAIL|DSN",
        flags=re.IGNORECASE,
    )

    def is_active(self, request) -> bool:
        return True  # also under DEBUG: a demo database can hold real people too

    def get_post_parameters(self, request):
        if request is None:
            return {}
        try:
            posted = request.POST
        except Exception:  # an unreadable body (too large, malformed): there is nothing to show
            return {}
        cleansed = posted.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
