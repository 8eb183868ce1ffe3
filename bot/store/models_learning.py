"""Tables of what the bot learns: lead-score models fitted on outcomes, triage training data
and models, and the once-per-week markers of their automatic retraining."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel

from bot.store.columns import utc_column as _utc_column


class ScoreModel(SQLModel, table=True):
    """Lead-score models fitted on outcomes; the newest adopted one is what every process scores with."""

    __tablename__ = "score_model"
    id: Optional[int] = Field(default=None, primary_key=True)
    blob: str  # TrainedModel.to_json()
    digest: str = Field(max_length=64)  # sha256 of the blob: processes cache the parsed model by it
    adopted: bool = False  # False: fitted and compared, but not better than what was in use
    source: str = Field(default="database", max_length=16)  # "database" (closed conversations) or "file"
    trained_on: int = 0
    held_out: int = 0
    auc_before: Optional[float] = None
    auc_after: Optional[float] = None
    report: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))  # calibration before/after
    created_at: Optional[datetime] = _utc_column()


class ScoreRetrainSent(SQLModel, table=True):
    """Weeks whose automatic retraining ran: the primary key makes it once per week across processes."""

    __tablename__ = "score_retrain_sent"
    week: date = Field(primary_key=True)
    at: Optional[datetime] = _utc_column()


class TriageExample(SQLModel, table=True):
    """Training data for triage: a conversation's first customer text and the label a person gave
    it (one row per conversation, corrections replace it), or a line of an imported export."""

    __tablename__ = "triage_example"
    id: Optional[int] = Field(default=None, primary_key=True)
    conversation_id: Optional[int] = Field(default=None, foreign_key="conversation.id", unique=True)
    text: str
    label: str
    source: str = Field(default="person", max_length=16)  # "person" or "import"
    by: Optional[str] = Field(default=None, max_length=32)  # the Slack user who set the label
    created_at: Optional[datetime] = _utc_column()


class TriageModelRow(SQLModel, table=True):
    """An adopted triage model (`python -m bot retrain --triage`): every process loads the newest."""

    __tablename__ = "triage_model"
    version: Optional[int] = Field(default=None, primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    report: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))  # before/after scores
    created_at: Optional[datetime] = _utc_column()


class TriageRetrainWeek(SQLModel, table=True):
    """Weeks whose triage retrain ran (the weekly timer): the primary key makes it once per week."""

    __tablename__ = "triage_retrain_week"
    week: date = Field(primary_key=True)  # the local first day of the week
    at: Optional[datetime] = _utc_column()
