"""Who may do what with articles: the registry's readers read them; a coordinator of the owning institution
reviews, applies or rejects one while it is new or reviewed (services.ARTICLE_STEPS): an article is applied
once, and neither an applied nor a rejected one goes back."""

import rules

from medcoop.core.rules import add_registry_perms, editable, writes_registry

from .models import ArticleStatus

# Step → the states it may be taken in. new → reviewed → applied | rejected.
ARTICLE_STEPS = {
    "review": {ArticleStatus.NEW, ArticleStatus.REVIEWED},
    "apply": {ArticleStatus.NEW, ArticleStatus.REVIEWED},
    "reject": {ArticleStatus.NEW, ArticleStatus.REVIEWED},
}
ARTICLE_PERMS = {step: f"articles.{step}" for step in ARTICLE_STEPS}

add_registry_perms("articles", "article")
rules.add_perm("articles", rules.is_authenticated)


def _in(states):
    return rules.predicate(lambda user, article: article.status in states)


for _step, _states in ARTICLE_STEPS.items():
    rules.add_perm(ARTICLE_PERMS[_step], writes_registry & editable & _in(_states))
