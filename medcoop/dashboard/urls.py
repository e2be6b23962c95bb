from django.urls import path

from . import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("world.svg", views.world_map, name="world-map"),
    path("calendar/new-address/", views.revoke_calendar_feed, name="calendar-feed-reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
