from django.urls import path

from . import views

urlpatterns = [
    path("", views.EpisodeListView.as_view(), name="episode-list"),
    path("board/", views.episode_board, name="episode-board"),
    path("new/", views.EpisodeFormView.as_view(), name="episode-create"),
    path("<int:pk>/", views.episode_detail, name="episode-detail"),
    path("<int:pk>/edit/", views.EpisodeFormView.as_view(), name="episode-edit"),
    path("<int:pk>/move/", views.episode_move, name="episode-move"),
    path("identity-readers/", views.identity_readers, name="identity-readers"),
    path("icd10/", views.icd10_lookup, name="icd10-lookup"),
]
