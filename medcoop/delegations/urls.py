from django.urls import path

from . import views

urlpatterns = [
    path("", views.DelegationListView.as_view(), name="delegation-list"),
    path("new/", views.DelegationFormView.as_view(), name="delegation-create"),
    path("overdue/", views.overdue, name="delegation-overdue"),
    path("report/", views.period_report, name="delegation-report"),
    path("plans/", views.plans, name="delegation-plans"),
    path("plans/new/", views.PlanFormView.as_view(), name="delegation-plan-create"),
    path("plans/<int:pk>/", views.plan, name="delegation-plan"),
    path("plans/<int:pk>/edit/", views.PlanFormView.as_view(), name="delegation-plan-edit"),
    path("approval-chain/", views.approval_chain, name="delegation-approval-chain"),
    path("templates/", views.templates, name="delegation-templates"),
    path("templates/<slug:kind>.docx", views.template_download, name="delegation-template"),
    path("<int:pk>/", views.DelegationDetailView.as_view(), name="delegation-detail"),
    path("<int:pk>/edit/", views.DelegationFormView.as_view(), name="delegation-edit"),
    path("<int:pk>/step/<slug:name>/", views.step, name="delegation-step"),
    path("<int:pk>/letters/<slug:kind>.docx", views.letter, name="delegation-letter"),
    path("<int:pk>/members/<int:member_pk>/identity/", views.identity, name="delegation-identity"),
]
