from django.urls import path

from . import views

urlpatterns = [
    path("", views.upload, name="sheet-upload"),
    path("confirm/", views.confirm, name="sheet-confirm"),
    path("errors.xlsx", views.errors_file, name="sheet-errors"),
    path("templates/<slug:slug>.xlsx", views.template_file, name="sheet-template"),
]
