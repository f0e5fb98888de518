"""The record page's route, mounted under /patients/ in the "patients" namespace (clinic/urls.py)."""

from django.urls import path

from records import views

patient_urlpatterns = [
    path("<int:pk>/", views.patient_detail, name="patient_detail"),
]
