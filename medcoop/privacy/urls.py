from django.urls import path

from . import views

urlpatterns = [
    path("", views.ConsentListView.as_view(), name="consent-list"),
    path("transfers/", views.TransferListView.as_view(), name="transfer-list"),
    path("register.xlsx", views.register, name="privacy-register"),
    path("cases/<int:case_pk>/consent/", views.record_consent, name="consent-create"),
    path("consents/<int:pk>/withdraw/", views.withdraw_consent, name="consent-withdraw"),
]
