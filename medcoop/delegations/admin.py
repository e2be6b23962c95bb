"""The institutions' approval chains are settings the administrator keeps in the admin site; cases themselves change only through their
pages and the API, where the flow's rules are checked."""

from django.contrib import admin

from .models import ApprovalRule


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(admin.ModelAdmin):
    list_display = ["owner", "position", "level", "label", "outside_plan_only", "min_rank", "working_days"]
    list_filter = ["level", "outside_plan_only"]
    ordering = ["owner", "position"]
