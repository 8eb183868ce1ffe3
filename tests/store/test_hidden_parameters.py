"""Bound values (phone numbers, message bodies) never appear in database errors or logs."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from bot.errors import StoreUnavailable
from bot.store.models import Contact


def test_bound_parameters_are_hidden_from_errors(db, clock):
    def add(session):  # type: ignore[no-untyped-def]
        session.add(Contact(wa_id="+971501234567", profile_name="Ana Secret", created_at=clock.now()))
        session.flush()

    db.transaction(add)
    with db.session() as session:
        session.add(Contact(wa_id="+971501234567", profile_name="Ana Secret", created_at=clock.now()))
        with pytest.raises(IntegrityError) as caught:
            session.commit()
    assert "parameters hidden" in str(caught.value) and "Ana Secret" not in str(caught.value)
    with pytest.raises(StoreUnavailable) as unavailable:
        db.transaction(add, attempts=1)
    assert "971501234567" not in str(unavailable.value) and "Ana Secret" not in str(unavailable.value)
