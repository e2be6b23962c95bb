from django.urls import path

from . import views

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("new/", views.ArticleCreateView.as_view(), name="article-create"),
    path("<int:pk>/", views.article_detail, name="article-detail"),
]
