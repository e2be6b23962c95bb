from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from medcoop.activities.views import ActivityDetailView
from medcoop.agreements.views import AgreementDetailView
from medcoop.organizations.views import OrganizationDetailView

admin.site.site_header = "MedCoop"
admin.site.site_title = "MedCoop"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("organizations/<int:pk>/", OrganizationDetailView.as_view(), name="organization-detail"),
    path("agreements/<int:pk>/", AgreementDetailView.as_view(), name="agreement-detail"),
    path("activities/<int:pk>/", ActivityDetailView.as_view(), name="activity-detail"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
