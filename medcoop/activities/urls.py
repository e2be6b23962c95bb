from django.urls import path

from . import views

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity-list"),
    path("new/", views.ActivityFormView.as_view(), name="activity-create"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/edit/", views.ActivityFormView.as_view(), name="activity-edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
]
