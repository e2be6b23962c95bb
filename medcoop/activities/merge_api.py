"""POST /api/activities/{id}/merge and its undo (audit.merge_api), through the merge page's services."""

from medcoop.audit.merge_api import merge_router

from .models import Activity
from .services import merge_activities, undo_activity_merge

router = merge_router(Activity, tag="activities", merge=merge_activities, undo=undo_activity_merge)
