from django.urls import path

from . import views

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("new/", views.case_form, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/edit/", views.case_form, name="case-edit"),
    path("<int:pk>/<slug:action>/", views.case_action, name="case-action"),
    path("<int:pk>/record.<str:fmt>", views.case_document, name="case-document"),
    path("<int:pk>/fhir.json", views.case_document, {"fmt": "fhir"}, name="case-fhir"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment-file"),
    path("attachments/<int:pk>/check/", views.attachment_check, name="attachment-check"),
    path("attachments/<int:pk>/preview.png", views.attachment_preview, name="attachment-preview"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", views.session_form, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_form, name="session-edit"),
    path("sessions/<int:pk>/invitation.ics", views.session_calendar_file, name="session-ics"),
    path("sessions/<int:pk>/record.<str:fmt>", views.session_document, name="session-document"),
]
