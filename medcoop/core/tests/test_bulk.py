"""core.bulk's new_instance makes what the model's own __init__ makes; fewer_collections puts the collector back."""

from django.db.models.base import ModelState

from medcoop.activities.models import Activity, ActivityPartner, Figure
from medcoop.core.bulk import new_instance
from medcoop.organizations.models import Organization


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_new_instance_equals_init():
    owner = Organization(pk=7, name="Bệnh viện K", is_member=True)
    for model, values in [
        (Activity, {"owner": owner, "title": "Tập huấn", "kind_id": "training"}),
        (Figure, {"metric_id": "staff_trained", "value": 12, "unit": "people"}),
        (ActivityPartner, {"activity_id": 3, "organization_id": 4}),
        (Organization, {"name": "Institut Curie", "country": "FR"}),
    ]:
        made, expected = new_instance(model, **values), model(**values)
        assert _fields(made) == _fields(expected), model
        assert made._state.adding and made._state.db == expected._state.db and isinstance(made._state, ModelState)
    made = new_instance(Activity, owner=owner)
    assert made.owner is owner and made.owner_id == 7  # set through the relation, cached as __init__ does


def test_new_instances_share_no_mutable_default():
    first, second = new_instance(Activity), new_instance(Activity)
    first.aliases.append("Hội thảo")
    assert second.aliases == [] and new_instance(Activity).aliases == []
    assert first._state is not second._state


def test_fewer_collections_puts_the_collector_back_when_the_outermost_block_ends():
    import gc

    from medcoop.core.bulk import YOUNG_COLLECTION, fewer_collections

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_COLLECTION and gc.get_freeze_count() > frozen
        with fewer_collections():  # nested (a check inside an import): the outer block's settings stay
            pass
        assert gc.get_threshold()[0] >= YOUNG_COLLECTION
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # garbage made inside is still collected
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_insert_rows_gives_each_record_its_own_id_over_several_statements(hospital_a, monkeypatch):
    """On SQLite the rows go many to a statement (here forced to a few per statement); each instance gets the
    id its row was stored under, on either engine."""
    from medcoop.core import bulk

    monkeypatch.setattr(bulk, "_sqlite_parameters", lambda connection: 3 * 40)  # three organizations a statement
    made = [new_instance(Organization, name=f"Bệnh viện số {n}", country="FR", owner=hospital_a) for n in range(10)]
    for organization in made:
        organization.search_text = organization.search_document(loaded_only=True)
    bulk.insert_rows(Organization, made)
    stored = dict(Organization.objects.filter(pk__in=[o.pk for o in made]).values_list("pk", "name"))
    assert stored == {o.pk: o.name for o in made} and len(stored) == 10
    assert {o.name for o in Organization.objects.search("Bệnh viện số 7")} == {"Bệnh viện số 7"}
