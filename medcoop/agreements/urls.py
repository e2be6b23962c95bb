from django.urls import path

from . import views

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement-list"),
    path("new/", views.AgreementFormView.as_view(), name="agreement-create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("<int:pk>/edit/", views.AgreementFormView.as_view(), name="agreement-edit"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement-delete"),
    path("<int:pk>/documents/new/", views.add_document, name="agreement-document-add"),
    path("documents/<int:pk>/", views.download_document, name="agreement-document"),
    path("documents/<int:pk>/delete/", views.delete_document, name="agreement-document-delete"),
]
