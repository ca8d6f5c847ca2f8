"""Relationship use cases: intros, asks, gives and interactions (spec §6 Relationships)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from netcli import dates
from netcli.services.touch import refresh_contacts
from netcli.store.db import raw
from netcli.store.models import Interaction, InteractionContact

if TYPE_CHECKING:
    from sqlmodel import Session

INTERACTION_KINDS = ("call", "meeting", "one-to-one", "email", "message", "event", "other")


def log_interaction(
    session: Session, contact_ids: Sequence[int], kind: str, on: date, note: str | None
) -> int:
    """Log one interaction of me with these contacts; their last touch moves. Returns its id."""
    interaction = Interaction(
        kind=kind, date=on, note=(note or "").strip() or None, created_at=dates.now().isoformat()
    )
    session.add(interaction)
    session.flush()
    assert interaction.id is not None
    for contact_id in dict.fromkeys(contact_ids):
        session.add(InteractionContact(interaction_id=interaction.id, contact_id=contact_id))
    session.flush()
    refresh_contacts(raw(session), contact_ids)
    return interaction.id
