from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import health

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("ping", health.ping, name="ping"),
]

# Error pages that need no database (and a 503 page when the database does not answer).
handler500 = "vvg_portal.errors.server_error"

# Lithuanian pages at the root, the same pages in English under /en/.
urlpatterns += i18n_patterns(
    path("", include("strategies.urls")),
    path("", include("projects.urls")),
    # No password reset by e-mail: a VVG's staff and board are few, and an administrator resets passwords.
    path("paskyra/login/", auth_views.LoginView.as_view(), name="login"),
    path("paskyra/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("paskyra/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("paskyra/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("darbas/", include("participants.urls")),
    path("darbas/", include("projects.staff_urls")),
    path("darbas/skaiciuokles/", include("workbooks.urls")),
    path("ataskaitos/", include("reports.urls")),
    prefix_default_language=False,
)
