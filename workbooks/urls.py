from django.urls import path

from . import views

app_name = "workbooks"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("patvirtinti/", views.confirm, name="confirm"),
    path("eksportas/", views.export, name="export"),
]
