from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path, register_converter
from django.views.static import serve

from common.converters import TextConverter

from . import health

# `<text:…>`: codes, slugs and keys in addresses, never a NUL (PostgreSQL refuses one in a query: a 500).
register_converter(TextConverter, "text")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("ping", health.ping, name="ping"),
    # The JSON API: one address whatever the language (its data carry both languages' names).
    path("api/v1/", include("opendata.api.urls")),
]

# Error pages that need no database (and a 503 page when the database does not answer).
handler500 = "vvg_portal.errors.server_error"

# Lithuanian pages at the root, the same pages in English under /en/.
urlpatterns += i18n_patterns(
    path("", include("public.strategy_urls")),
    path("", include("public.project_urls")),
    path("", include("public.page_urls")),
    # No password reset by e-mail: a VVG's staff and board are few, and an administrator resets passwords.
    path("paskyra/login/", auth_views.LoginView.as_view(), name="login"),
    path("paskyra/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("paskyra/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("paskyra/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("darbas/", include("workspace.report_urls")),
    path("darbas/", include("workspace.project_urls")),
    path("darbas/", include("workspace.strategy_urls")),
    path("darbas/skaiciuokles/", include("workbooks.urls")),
    path("darbas/profilis/", include("workspace.profile_urls")),
    path("ataskaitos/", include("reports.urls")),
    path("darbai/", include("jobs.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=False,
)

# Uploaded files (the logo) while developing; in production nginx serves /media/ (deploy/nginx.conf).
if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(re_path(rf"^{prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
