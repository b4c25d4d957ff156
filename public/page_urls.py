from django.urls import path

from . import page_views as views

app_name = "pages"

urlpatterns = [
    path("apie/", views.about, name="about"),
    path("prieinamumas/", views.accessibility, name="accessibility"),
    path("privatumas/", views.privacy, name="privacy"),
]
