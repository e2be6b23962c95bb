from django.urls import path

from . import views

urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization-list"),
    path("new/", views.OrganizationFormView.as_view(), name="organization-create"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("<int:pk>/edit/", views.OrganizationFormView.as_view(), name="organization-edit"),
    path("<int:pk>/delete/", views.OrganizationDeleteView.as_view(), name="organization-delete"),
    path("<int:pk>/merge/", views.OrganizationMergeView.as_view(), name="organization-merge"),
]
