from django.urls import path

from . import views

app_name = "workbooks"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("perziura/<str:token>/", views.preview, name="preview"),
    path("patvirtinti/", views.confirm, name="confirm"),
    path("importas/<str:key>/", views.import_job, name="import-job"),
    path("eksportas/", views.export, name="export"),
]
