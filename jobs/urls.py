from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<str:key>/kartoti/", views.retry, name="retry"),
]
