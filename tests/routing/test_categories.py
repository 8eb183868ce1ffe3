"""Triage categories: the labelling rules in every language form, text folding, label → lane
routing, entry refs, review below the threshold, model bytes, the [labels] triage keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.lanes import EntryPoint, Lane, LanesConfig, Workspace
from bot.routing.categories import (
    BUILT_IN, LabelConfig, LabelRoute, TriageModel, build, lane_for_label, parse_label_config, seed,
)
from bot.routing.categories.text import fold, is_emoji_only, language_form

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("Paid media", "Arabic SEO", "Tender readiness")
LABELS = (*BUILT_IN, *SERVICES)
LANES = LanesConfig(
    workspace=Workspace(timezone="Asia/Dubai", default_lane="support"),
    lanes=(Lane("sales", "C0SALES"), Lane("arabic_seo", "C0SEO"), Lane("billing", "C0BILLING"),
           Lane("support", "C0SUPPORT")),
    entry_points=(
        EntryPoint("pricing", "sales", label="Paid media"),
        EntryPoint("seo-audit", "arabic_seo", label="Arabic SEO"),
        EntryPoint("tender", "sales", label="Tender readiness"),
    ),
    labels=LABELS,
)


@pytest.fixture(scope="module")
def triager():
    return build(LABELS)  # fitted once per process (cached in bot.routing.categories)


# --- the labelling rules, each in English, Arabic and Arabizi -------------------------

RULES = [
    # rule 1: buying a service (new scope from a current client too) → the service's label
    ("Paid media", "sales", "Could you quote for managing our TikTok and Snapchat advertising?"),
    ("Paid media", "sales", "We already use you for SEO and now want Instagram ads as well, what's the price?"),
    ("Paid media", "sales", "أبغى عرض سعر لإدارة إعلانات تيك توك لمتجري"),
    ("Paid media", "sales", "nabgha 7amla e3laniya 3ala tiktok, kam el se3r?"),
    ("Arabic SEO", "arabic_seo", "We'd like our online shop to rank on Google for Arabic searches, what do you charge?"),
    ("Arabic SEO", "arabic_seo", "كم سعر السيو عشان موقعنا يطلع أول في قوقل؟"),
    ("Tender readiness", "sales", "We want help preparing our bid for a government tender"),
    ("Tender readiness", "sales", "نحتاج مساعدة في تجهيز ملف مناقصة حكومية"),
    # rule 1: operations on a running service → Support request
    ("Support request", "support", "Please change the picture on the Snapchat ad that is running now"),
    ("Support request", "support", "غيروا صورة الإعلان الشغال حاليا في سناب"),
    ("Support request", "support", "ghayro el sora fe e3lan snap el shaghal"),
    # rule 2: money → Billing, even angry; leaving → Churn risk, even polite or about an invoice
    ("Billing", "billing", "Why is the VAT on this invoice wrong AGAIN? Fix it today"),
    ("Billing", "billing", "ليش الضريبة غلط في الفاتورة مرة ثانية؟ عدلوها اليوم"),
    ("Billing", "billing", "laish el dareeba ghalat fe el fatoora?"),
    ("Churn risk", "support", "Thanks for everything. Please send the final invoice, we're cancelling the contract"),
    ("Churn risk", "support", "شكرا لكم، ارسلوا الفاتورة الأخيرة لأننا بنلغي العقد"),
    ("Churn risk", "support", "shukran, bas ma ra7 njaded el 3a2d"),
    # rule 3: no longer works → Bug report; how-to/access → Support; missing capability → Feature
    ("Bug report", "support", "Our booking page stopped working after yesterday's update"),
    ("Bug report", "support", "صفحة الحجز ما تشتغل من بعد تحديث أمس"),
    ("Bug report", "support", "safhat el 7ajz ma tshta8al mn ams"),
    ("Support request", "support", "How do I give my manager access to the reports?"),
    ("Support request", "support", "كيف أعطي المدير صلاحية على التقارير؟"),
    ("Feature request", "support", "Could you add an option to export the dashboard to Excel?"),
    ("Feature request", "support", "ياريت تضيفون خيار تصدير لوحة التحكم إلى اكسل"),
    ("Feature request", "support", "ya reet tdeefoon export lel dashboard"),
    # rule 4: thanks, emoji, greetings, auto-replies → No action; a bare opener → Support request
    ("No action needed", "support", "Thank you so much!"),
    ("No action needed", "support", "👍🙏"),
    ("No action needed", "support", "Out of office: back on Sunday"),
    ("No action needed", "support", "شكراً، يعطيكم العافية"),
    ("No action needed", "support", "eid mubarak, shukran"),
    ("Support request", "support", "hello? anyone there"),
    ("Support request", "support", "السلام عليكم"),
    ("Support request", "support", "salam 3alaikum"),
]


@pytest.mark.parametrize(("label", "lane", "text"), RULES)
def test_the_labelling_rules(triager, label, lane, text):
    result = triager.classify(text, LANES)

    assert (result.label, result.lane) == (label, lane), result.reasons
    assert 0 <= result.confidence <= 1
    assert result.reasons


def test_reasons_name_the_rule_or_the_words():
    result = build(LABELS).classify("We'll not renew, please send the last invoice", LANES)

    assert result.label == "Churn risk"
    assert any("rule 2" in reason and "renew" in reason for reason in result.reasons)


# --- text folding ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el fatoora ٢٬٤٠٠ درهم", "el fatoora 0 curr"),
        ("2,400 AED", "0 curr"),
        ("SAR 1.500", "curr 0"),
        ("بالريال", "curr"),
        ("الفاتـــورة", "الفاتوره"),  # tatweel, taa marbuta
        ("إِعْلَان", "اعلان"),  # hamza, diacritics
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("7amla", "hamla"),
        ("5arban", "kharban"),
        ("3alaikum", "aalaikum"),
        ("9a7", "sah"),
        ("6ayeb", "tayeb"),
        ("2abel", "qabel"),
        ("at 5pm", "at 0pm"),  # a time, not Arabizi
        ("pleaaaase", "pleaase"),
        ("👍", "emo"),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_language_forms_and_emoji():
    assert language_form("Please send the invoice") == "en"
    assert language_form("ارسلوا الفاتورة") == "ar"
    assert language_form("ارسلوا الـ invoice") == "mixed"
    assert language_form("ab3atli el fatoora") == "arabizi"
    assert is_emoji_only("👍 🙏!") and not is_emoji_only("ok 👍") and not is_emoji_only("")


# --- label → lane ---------------------------------------------------------------------

def test_label_to_lane_order():
    routes = LabelConfig(routes=(LabelRoute("Bug report", "billing", ping="S0TECH"),
                                 LabelRoute("Paid media", "support")))
    # (1) an explicit route wins, with its ping / assign
    assert lane_for_label("Bug report", LANES, routes).lane == "billing"
    assert lane_for_label("Bug report", LANES, routes).ping == "S0TECH"
    assert lane_for_label("Paid media", LANES, routes).lane == "support"
    # (2) else an entry point carrying the label
    assert lane_for_label("Paid media", LANES).lane == "sales"
    assert lane_for_label("Tender readiness", LANES).lane == "sales"
    # (3) else the lane named like the label
    assert lane_for_label("Billing", LANES).lane == "billing"
    assert lane_for_label("Arabic SEO", LanesConfig(LANES.workspace, LANES.lanes)).lane == "arabic_seo"
    # (4) else the default lane
    assert lane_for_label("Churn risk", LANES).lane == "support"


def test_a_route_carries_ping_and_assign_into_the_result():
    config = LabelConfig(routes=(LabelRoute("Churn risk", "support", assign="U0CS"),))
    result = build(LABELS, config).classify("We are moving our account to another agency next month", LANES)

    assert (result.label, result.lane, result.assign) == ("Churn risk", "support", "U0CS")


def test_an_entry_ref_wins_for_lane_and_label(triager):
    result = triager.classify("Our invoice is wrong! (ref: tender)", LANES)

    assert (result.lane, result.label, result.entry_ref) == ("sales", "Tender readiness", "tender")
    assert result.confidence == 1.0 and not result.needs_review


# --- review, untrained labels, examples ------------------------------------------------

def test_below_the_threshold_a_human_picks_the_label():
    strict = build(LABELS, LabelConfig(review_below=1.0))
    result = strict.classify("the thing from before, what about it", LANES)

    assert result.needs_review
    assert any("human" in reason for reason in result.reasons)
    assert not build(LABELS, LabelConfig(review_below=0.0)).classify("the thing", LANES).needs_review


def test_a_label_with_no_data_is_named_in_reasons_and_examples_teach_it():
    labels = (*LABELS, "Web design")
    result = build(labels).classify("Could you redesign our homepage layout?", LANES)
    assert result.label != "Web design"
    assert any('"Web design"' in reason and "entry point" in reason for reason in result.reasons)

    parsed, problems = parse_label_config(
        {"labels": {"examples": {"Web design": ["redesign our homepage", "new website layout", "UI design for our site",
                                                "إعادة تصميم الموقع", "تصميم واجهة الموقع", "redesign el website"]}}},
        labels=labels)
    assert not problems
    taught = build(labels, parsed).classify("Could you redesign our homepage layout?", LANES)
    assert taught.label == "Web design"


# --- the model ------------------------------------------------------------------------

def test_model_bytes_round_trip(triager):
    model = triager.model
    assert model is not None
    data = model.to_bytes()
    again = TriageModel.from_bytes(data)

    for text, _ in seed()[:25]:
        assert again.predict(text) == model.predict(text)
    with pytest.raises(ValueError):
        TriageModel.from_bytes(b"something else")


def test_seed_covers_every_label_of_the_example_file():
    assert {label for _, label in seed()} == set(LABELS)


def test_the_packaged_example_lanes_file_is_the_repository_one():
    packaged = ROOT / "bot/routing/categories/lanes.example.toml"
    assert packaged.read_text(encoding="utf-8") == (ROOT / "lanes.example.toml").read_text(encoding="utf-8")


def test_importing_categories_pulls_in_no_io_library_and_no_sklearn_until_used():
    code = """
import json, sys
before = set(sys.modules)
import bot.routing.categories
print(json.dumps(sorted({name.split(".")[0] for name in set(sys.modules) - before})))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)

    new = set(json.loads(result.stdout))
    assert not new & {"slack_sdk", "slack_bolt", "twilio", "flask", "sqlmodel", "sqlalchemy", "requests", "sklearn"}


# --- the [labels] triage keys ---------------------------------------------------------

def test_label_config_parses_examples_routes_and_threshold():
    mapping = {"labels": {
        "names": ["Billing", "Bug report", "Paid media"],
        "review_below": 0.6,
        "examples": {"Paid media": ["ads on snapchat", "حملة إعلانية"]},
        "routes": {"Billing": {"lane": "billing"}, "Bug report": {"lane": "support", "ping": "S0TECH"}},
    }}
    config, problems = parse_label_config(mapping, labels=["Billing", "Bug report", "Paid media"],
                                          lanes=["billing", "support"])

    assert problems == []
    assert config.review_below == 0.6
    assert config.example_pairs() == (("ads on snapchat", "Paid media"), ("حملة إعلانية", "Paid media"))
    assert config.route("Bug report") == LabelRoute("Bug report", "support", ping="S0TECH")


def test_label_config_names_every_problem_without_lines():
    mapping = {"labels": {
        "review_below": 2,
        "examples": {"Nope": ["x"], "Billing": "not a list"},
        "routes": {"Billing": {"lane": "nowhere"}, "Bug report": {"lan": "support"}},
    }}
    _, problems = parse_label_config(mapping, labels=["Billing", "Bug report"], lanes=["support"])

    assert problems == [
        "labels.review_below: expected a number from 0 to 1, got 2",
        "labels.examples.Nope: 'Nope' is not in labels.names",
        "labels.examples.Billing: expected a list of non-empty strings",
        "labels.routes.Billing.lane: unknown lane 'nowhere'",
        "labels.routes.\"Bug report\".lan: unknown key (expected one of lane, ping, assign)",
        "labels.routes.\"Bug report\".lane: required, a lane name",
    ]


def test_the_fast_probabilities_are_sklearns(triager):
    from bot.routing.categories.model import _features
    from bot.routing.categories.rules import match

    model = triager.model
    for text in ("Please send me the invoice", "ياريت تضيفون خيار تصدير", "el website ma yefta7"):
        x = _features(model.vectorizers, [text], [fold(text)], [match(text)])
        assert model._proba(x) == pytest.approx(model.clf.predict_proba(x)[0], abs=1e-6)
