from django.urls import path

from . import views

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/file", views.job_output, name="job-output"),
]
