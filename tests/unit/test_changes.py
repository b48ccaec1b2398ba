from bot.domain.changes import Known, plan_changes


def test_plan_sorts_records_into_added_updated_unchanged_and_deactivated():
    current = {
        "same": Known("a", active=True),
        "changed": Known("b", active=True),
        "gone": Known("c", active=True),
        "returning": Known("d", active=False),
        "long_gone": Known("e", active=False),
    }
    incoming = {"same": "a", "changed": "B", "returning": "d", "new": "f"}
    changes = plan_changes(current, incoming)
    assert changes.added == {"new": "f"}
    assert changes.updated == {"changed": "B", "returning": "d"}
    assert changes.unchanged == ["same"]
    assert changes.deactivated == ["gone"]
    assert changes.any


def test_same_data_again_is_no_change():
    changes = plan_changes({"k": Known(1, active=True)}, {"k": 1})
    assert not changes.any
    assert changes.summary() == "added 0, updated 0, deactivated 0, unchanged 1"
