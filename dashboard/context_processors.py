from django.conf import settings

from dashboard.navigation import menu_for


def navigation(request):
    """What every page's header needs: the organization's name and the member's menu."""
    user = getattr(request, "user", None)
    return {
        "organization_name": settings.ORGANIZATION_NAME,
        "menu": menu_for(user) if user is not None and user.is_authenticated else [],
    }
