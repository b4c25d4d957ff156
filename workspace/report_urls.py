from django.urls import path

from . import report_views as views

app_name = "participants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pradzia/", views.after_login, name="after-login"),
    path("ataskaitos/", views.report_list, name="report-list"),
    path("ataskaitos/<int:pk>/", views.report_detail, name="report-detail"),
    path("ataskaitos/<int:pk>/keisti/", views.report_edit, name="report-edit"),
    path("ataskaitos/<int:pk>/pateikti/", views.report_submit, name="report-submit"),
    path("ataskaitos/<int:pk>/patvirtinti/", views.report_approve, name="report-approve"),
    path("ataskaitos/<int:pk>/grazinti/", views.report_return, name="report-return"),
    path("ataskaitos/<int:pk>/istrinti/", views.report_delete, name="report-delete"),
    path("ataskaitos/<int:pk>/istorija/", views.report_history, name="report-history"),
    path("projektai/<slug:slug>/ataskaitos/nauja/", views.report_create, name="report-create"),
]
