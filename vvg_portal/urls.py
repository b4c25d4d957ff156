from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Lithuanian pages at the root, the same pages in English under /en/.
urlpatterns += i18n_patterns(
    path("", include("strategies.urls")),
    path("", include("projects.urls")),
    path("paskyra/", include("django.contrib.auth.urls")),
    path("darbas/", include("participants.urls")),
    path("darbas/", include("projects.staff_urls")),
    path("darbas/skaiciuokles/", include("workbooks.urls")),
    path("ataskaitos/", include("reports.urls")),
    prefix_default_language=False,
)
