from django.urls import path

from . import profile_views as views

app_name = "profile"

urlpatterns = [
    path("", views.profile_edit, name="edit"),
    path("puslapiai/", views.page_texts_edit, name="pages"),
]
