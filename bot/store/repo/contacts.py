"""Contacts: who wrote to us."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.store.models import Contact


def upsert_contact(
    *, session: Session, wa_id: str, phone_e164: str | None, country: str | None,
    profile_name: str | None, now: datetime,
) -> Contact:
    contact = session.exec(select(Contact).where(Contact.wa_id == wa_id)).first()
    if contact is None:
        contact = Contact(wa_id=wa_id, phone_e164=phone_e164, country=country, profile_name=profile_name, created_at=now)
        session.add(contact)
        session.flush()
    elif profile_name and contact.profile_name != profile_name:
        contact.profile_name = profile_name
        session.add(contact)
    return contact
