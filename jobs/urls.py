from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<text:key>/kartoti/", views.retry, name="retry"),
]
