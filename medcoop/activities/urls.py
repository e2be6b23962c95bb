from django.urls import path

from . import views

urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity-list"),
    path("new/", views.ActivityFormView.as_view(), name="activity-create"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/edit/", views.ActivityFormView.as_view(), name="activity-edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity-delete"),
    path("<int:pk>/merge/", views.ActivityMergeView.as_view(), name="activity-merge"),
    path("<int:activity_pk>/visit/", views.VisitFormView.as_view(), name="visit-edit"),
    path("<int:activity_pk>/cohorts/new/", views.CohortFormView.as_view(), name="cohort-create"),
    path("cohorts/<int:pk>/edit/", views.CohortFormView.as_view(), name="cohort-edit"),
    path("trainees/<int:pk>/certificate.pdf", views.trainee_certificate, name="trainee-certificate"),
    path("courses/", views.CourseListView.as_view(), name="course-list"),
    path("courses/new/", views.CourseFormView.as_view(), name="course-create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<int:pk>/edit/", views.CourseFormView.as_view(), name="course-edit"),
    path("courses/<int:pk>/delete/", views.CourseDeleteView.as_view(), name="course-delete"),
    path("techniques/", views.TransferListView.as_view(), name="technique-list"),
    path("techniques/new/", views.TransferFormView.as_view(), name="technique-create"),
    path("techniques/mastered/", views.transfers_mastered, name="techniques-mastered"),
    path("techniques/<int:pk>/", views.TransferDetailView.as_view(), name="technique-detail"),
    path("techniques/<int:pk>/edit/", views.TransferFormView.as_view(), name="technique-edit"),
    path("techniques/<int:pk>/delete/", views.TransferDeleteView.as_view(), name="technique-delete"),
    path("techniques/<int:pk>/step/<slug:name>/", views.transfer_step, name="technique-step"),
]
