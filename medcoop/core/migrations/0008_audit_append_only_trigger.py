"""On PostgreSQL the database itself keeps the audit log append-only: an UPDATE or DELETE of an audit row raises,
whatever issued it (the ORM is already refused in core.models; this also stops raw SQL and other clients using
the application's account). One update stays allowed: a deleted user's events lose the link to the user
(on_delete=SET_NULL) and keep the name. TRUNCATE, which only a database owner's maintenance runs, is not
caught. SQLite has no such trigger: Django's test flush deletes rows there."""
from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION medcoop_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.at, NEW.actor_name, NEW.action, NEW.model, NEW.object_id, NEW.object_repr, NEW.changes::text,
            NEW.ip_address)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_name, OLD.action, OLD.model, OLD.object_id, OLD.object_repr, OLD.changes::text,
            OLD.ip_address) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log cannot be changed.' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER medcoop_audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION medcoop_audit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS medcoop_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS medcoop_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_alter_auditevent_action")]
    operations = [migrations.RunPython(forward, backward)]
