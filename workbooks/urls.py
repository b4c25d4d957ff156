from django.urls import path

from . import views

app_name = "workbooks"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("perziura/<text:token>/", views.preview, name="preview"),
    path("patvirtinti/", views.confirm, name="confirm"),
    path("importas/<text:key>/", views.import_job, name="import-job"),
    path("eksportas/", views.export, name="export"),
]
