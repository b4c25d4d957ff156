from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_form, name="form"),
    path("valdybai.pdf", views.board_report, name="board-report"),
    path("strategija/<slug:code>.pdf", views.public_strategy_report, name="strategy-pdf"),
    path("projektas/<slug:slug>.pdf", views.public_project_report, name="project-pdf"),
]
