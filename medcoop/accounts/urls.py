from django.urls import path

from . import views

urlpatterns = [
    path("account/two-factor/", views.two_factor, name="two-factor"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/invitations/", views.invitations, name="invitations"),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation-accept"),
]
