"""Retraining triage from kept labels: held-out before/after, adopted only when better, stored in
the database and loaded by intake (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy

from bot.cli.retrain_triage import render
from bot.conversations.retrain_triage import is_held_out, retrain
from bot.conversations.triage import current_triager
from bot.lanes import parse_lanes
from tests.conftest import LANES

WEB = [
    "we need a new website for our clinic", "can you redesign our homepage", "build us a landing page",
    "نبي موقع جديد للشركة", "تصميم موقع إلكتروني للمطعم", "website redesign for our shop",
    "our site looks old, we want a fresh web design", "need an e-commerce website built", "ابغى تصميم موقع",
    "new web design for the brand", "a website for our real estate agency", "design a website with booking",
    "نحتاج تصميم صفحة هبوط", "web design quote for 5 pages", "we want a bilingual website arabic english",
    "mawqe3 jdeed lel sharika", "make us a portfolio website", "website design for a law firm",
    "تصميم متجر إلكتروني", "redo our website UX", "build a wordpress site for us", "موقع للشركة بالعربي والانجليزي",
    "we'd like a modern website for the launch", "design and build our company website",
]


def web_lanes():  # type: ignore[no-untyped-def]
    data = copy.deepcopy(LANES)
    data["labels"] = {"names": ["Support request", "Billing", "Paid media", "Arabic SEO", "Web design"]}
    return parse_lanes(data)


def test_without_labelled_conversations_nothing_is_adopted(db, clock):  # type: ignore[no-untyped-def]
    report = db.transaction(lambda session: retrain(session=session, lanes=web_lanes(), now=clock.now()))

    assert (report.examples, report.held_out, report.adopted, report.version) == (0, 0, False, None)
    assert "no held-out" in report.why


def test_an_import_teaches_a_new_label_the_better_model_is_stored_and_loaded(db, clock):  # type: ignore[no-untyped-def]
    lanes = web_lanes()
    held = [text for text in WEB if is_held_out(text)]
    assert held and len(held) < len(WEB)
    imported = [(text, "Web design") for text in WEB] + [("x", "Not a label")]

    report = db.transaction(lambda session: retrain(session=session, lanes=lanes, imported=imported, now=clock.now()))

    assert (report.imported, report.skipped, report.held_out) == (len(WEB), ("Not a label",), len(held))
    assert report.before is not None and report.after is not None
    assert report.after.correct > report.before.correct and report.adopted and report.version == 1
    web = {row.label: row for row in report.after.labels}["Web design"]
    assert web.support == len(held) and web.recall is not None and web.recall > 0.5
    text = render(report)
    assert "Web design" in text and "adopted (model version 1)" in text and "P before" in text

    triager = db.read(lambda session: current_triager(session=session, lanes=lanes))
    assert triager.classify("could you design a website for our bakery", lanes).label == "Web design"

    again = db.transaction(lambda session: retrain(session=session, lanes=lanes, now=clock.now()))
    assert not again.adopted and again.examples == len(WEB)  # same data: not better, kept
