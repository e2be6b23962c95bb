from django.urls import path

from . import views

urlpatterns = [
    path("", views.FundingListView.as_view(), name="funding-list"),
    path("new/", views.FundingFormView.as_view(), name="funding-create"),
    path("<int:pk>/", views.FundingDetailView.as_view(), name="funding-detail"),
    path("<int:pk>/edit/", views.FundingFormView.as_view(), name="funding-edit"),
    path("<int:pk>/delete/", views.FundingDeleteView.as_view(), name="funding-delete"),
]
