"""POST /api/organizations/{id}/merge and its undo (audit.merge_api), through the merge page's services."""

from medcoop.audit.merge_api import merge_router

from .models import Organization
from .services import merge_organizations, undo_organization_merge

router = merge_router(Organization, tag="organizations", merge=merge_organizations, undo=undo_organization_merge)
