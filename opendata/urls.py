from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("atviri-duomenys/", views.index, name="index"),
    path("atviri-duomenys/operacijos.csv", views.operations_csv, name="operations-csv"),
    path("atviri-duomenys/operacijos.xlsx", views.operations_xlsx, name="operations-xlsx"),
    path("atviri-duomenys/operacijos.json", views.operations_json, name="operations-json"),
]
