from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from medcoop.accounts import views as accounts_views
from medcoop.activities import views as activity_views
from medcoop.api import api, no_such_endpoint
from medcoop.audit import views as audit_views
from medcoop.core import views as core_views
from medcoop.reports import views as report_views

admin.site.site_header = "MedCoop"
admin.site.site_title = "MedCoop"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", core_views.set_language, name="set-language"),
    path("account/api-tokens/", accounts_views.api_tokens, name="api-tokens"),
    path("audit/export/", audit_views.audit_export, name="audit-export"),
    path("", include("medcoop.accounts.urls")),
    path("dashboard/", include("medcoop.dashboard.urls")),
    path("organizations/", include("medcoop.organizations.urls")),
    path("agreements/", include("medcoop.agreements.urls")),
    path("activities/", include("medcoop.activities.urls")),
    path("verify/", activity_views.verify, name="certificate-lookup"),
    path("verify/<str:code>/", activity_views.verify, name="certificate-verify"),
    path("delegations/", include("medcoop.delegations.urls")),
    path("funding/", include("medcoop.funding.urls")),
    path("articles/", include("medcoop.articles.urls")),
    path("consultations/", include("medcoop.consultations.urls")),
    path("patients/", include("medcoop.patients.urls")),
    path("privacy/", include("medcoop.privacy.urls")),
    path("reports/annual/", report_views.annual_report, name="annual-report"),
    path("import/", include("medcoop.sheets.urls")),
    path("jobs/", include("medcoop.jobs.urls")),
    path("api/", api.urls),
    re_path(r"^api/", no_such_endpoint),
    path("admin/", admin.site.urls),
]

# MedCoop's own error pages (core/templates/4xx.html, 500.html); a database that cannot be reached gives 503.
handler500 = "medcoop.core.views.server_error"
