"""Lead scoring: signals in four language forms, weights, bands, reasons, crossings, training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.routing.scoring import (
    DEFAULT_WEIGHTS, SIGNALS, Message, Thresholds, TrainedModel, Weights, auc, calibration, check_scoring,
    compare, compute_signals, find_crossing, fit, missing_items, parse_scoring, qualification_checklist,
    score_conversation,
)  # fmt: skip
from bot.routing.scoring.config import ScoringConfigError

ROOT = Path(__file__).resolve().parents[2]


def c(text: str, minutes: float | None = None) -> Message:
    return Message("customer", text, minutes)


def r(text: str, minutes: float | None = None) -> Message:
    return Message("rep", text, minutes)


def signal(name: str, *messages: Message) -> float:
    return compute_signals(messages)[name].value


# --- each signal, in English, Arabic (MSA and Gulf), Arabizi --------------------------------

@pytest.mark.parametrize("text", [
    "Can we do a call tomorrow at 10am?",
    "نقدر نجتمع بكرة الساعة ١٠؟",
    "ممكن نتقابل يوم الأحد الساعة 11",
    "nitla8a bukra 10?",
    "kalemni el a7ad el sa3a 4",
])  # fmt: skip
def test_calendar_intent_in_each_form(text: str) -> None:
    assert signal("calendar_intent", c(text)) >= 0.8


@pytest.mark.parametrize("text", ["How much is a website?", "كم سعر الموقع", "kam si3r el website"])
def test_no_calendar_intent_without_a_meeting_or_a_day(text: str) -> None:
    assert signal("calendar_intent", c(text)) == 0


def test_a_customer_accepting_the_reps_slot_is_calendar_intent() -> None:
    assert signal("calendar_intent", r("Sunday 10am at your office?", 0), c("تمام", 2)) >= 0.5


def test_no_need_for_a_call_is_not_calendar_intent() -> None:
    assert signal("calendar_intent", c("no need for a call")) == 0


@pytest.mark.parametrize("text", [
    "Let's start, send the contract and invoice us",
    "أبي أبدأ، أرسلوا العقد والفاتورة",
    "خلنا نبدأ، نبغى نوقع العقد",
    "yalla nebda, send el 3a2d w el fatoora",
])  # fmt: skip
def test_intent_keywords_in_each_form(text: str) -> None:
    assert signal("intent_keywords", c(text)) >= 0.9


def test_intent_keywords_negated_or_absent() -> None:
    assert signal("intent_keywords", c("we are not ready to sign")) < 0.2
    assert signal("intent_keywords", c("hello")) == 0
    mild = signal("intent_keywords", c("ودي أعرف السعر"))
    assert 0 < mild < 0.5


def test_a_negation_stays_in_its_clause() -> None:
    assert signal("intent_keywords", c("I don't know, but let's start tomorrow")) >= 0.5
    assert signal("intent_keywords", c("not sure. let's start")) >= 0.5
    assert signal("intent_keywords", c("ما أبي أبدأ")) == 0


def test_a_yes_to_the_reps_contract_counts_as_intent() -> None:
    assert signal("intent_keywords", r("Shall I send the contract?", 0), c("ee", 1)) >= 0.45


def test_reply_speed_is_the_median_minutes_from_rep_to_customer() -> None:
    fast = [c("hi", 0), r("hello", 1), c("quote?", 3), r("sure", 4), c("ok", 6)]
    slow = [c("hi", 0), r("hello", 1), c("quote?", 301)]
    middle = [c("hi", 0), r("hello", 10), c("ok", 45)]
    assert signal("reply_speed", *fast) == 1.0
    assert signal("reply_speed", *slow) == 0.0
    assert 0.2 < signal("reply_speed", *middle) < 0.8
    assert signal("reply_speed", c("hi", 0), c("anyone?", 5)) == 0.5  # no rep message: neutral
    assert signal("reply_speed", c("hi"), r("hello"), c("ok")) == 0.5  # no minutes: neutral
    evidence = compute_signals(fast)["reply_speed"].evidence
    assert evidence == ("answers in 2 min, median of 2",)


def test_a_rep_chasing_an_unanswered_message_counts_as_a_slow_reply() -> None:
    assert signal("reply_speed", c("price?", 0), r("AED 3,000", 2), r("any update?", 2000)) == 0.0


@pytest.mark.parametrize("text", [
    "Budget AED 6,000 a month for Google Ads, 3 branches, launch by end of month",
    "الميزانية ٢٬٤٠٠ ريال شهرياً لحملة سناب، ٣ فروع، قبل رمضان",
    "budget 10k, 7amla snap, 3 fro3, gabl ramadan",
])  # fmt: skip
def test_specificity_in_each_form(text: str) -> None:
    read = compute_signals([c(text)])["specificity"]
    assert read.value >= 0.7
    assert {"budget", "timeline", "scope"} <= read.facts


def test_arabic_indic_figures_are_read_as_money() -> None:
    assert "2,400 ريال" in compute_signals([c("الميزانية ٢٬٤٠٠ ريال")])["specificity"].evidence


@pytest.mark.parametrize(("text", "kind"), [
    ("too expensive for us", "price"),
    ("غالي شوي", "price"),
    ("wayed ghali", "price"),
    ("maybe next year", "timing"),
    ("مو الحين", "timing"),
    ("mo al7een", "timing"),
    ("I need to ask my boss", "authority"),
    ("لازم أشاور المدير", "authority"),
    ("lazim ashawer el mudeer", "authority"),
    ("just checking prices", "just checking prices"),
    ("بس أسأل", "just checking prices"),
    ("bs as2al", "just checking prices"),
    ("another agency offered 10%", "competitor"),
    ("عندنا عرض أرخص من وكالة ثانية", "competitor"),
    ("no thanks, not interested", "not interested"),
    ("لا شكرا، مو مهتمين", "not interested"),
    ("mo mohtam", "not interested"),
])  # fmt: skip
def test_objections_in_each_form(text: str, kind: str) -> None:
    read = compute_signals([c(text)])["objection"]
    assert read.value <= 0.6
    assert any(e.startswith(kind) for e in read.evidence), read.evidence


def test_ya_ghali_is_my_dear_not_expensive() -> None:
    assert signal("objection", c("هلا يا غالي، كيف الحال")) == 1.0
    assert signal("objection", c("ya ghali, tamam")) == 1.0
    assert signal("objection", c("السعر غالي")) < 1.0


def test_no_objection_is_high_and_an_answered_objection_recovers() -> None:
    assert signal("objection", c("great, let's go")) == 1.0
    raw = signal("objection", c("too expensive"))
    recovered = signal("objection", c("too expensive"), r("we can phase it", 3), c("ok fine, send the contract", 5))
    assert recovered > raw + 0.2
    assert signal("objection", c("مو غالي")) == 1.0  # negated: "not expensive"


@pytest.mark.parametrize("text", [
    "I'm the marketing manager at Gulfstar LLC, k.menon@gulfstar.ae, www.gulfstar.ae",
    "أنا مدير التسويق في شركتنا، الإيميل sara@alnoor.sa",
    "ana el mudeer, sharikatna alnoor.com, 0501234567",
])  # fmt: skip
def test_volunteered_info_in_each_form(text: str) -> None:
    assert signal("volunteered_info", c(text)) >= 0.7


def test_a_boss_mentioned_is_not_a_role_volunteered() -> None:
    read = compute_signals([c("I need to ask my manager")])["volunteered_info"]
    assert read.value == 0 and "decision_maker" not in read.facts


@pytest.mark.parametrize(("text", "up"), [
    ("Thanks, perfect 👍", True), ("مشكور، ممتاز", True), ("tamam, mumtaz, shukran 🙏", True),
    ("Unfortunately this is disappointing 👎", False), ("للأسف سيء", False), ("lil asaf mu zain", False),
])  # fmt: skip
def test_sentiment_in_each_form(text: str, up: bool) -> None:
    value = signal("sentiment", c(text))
    assert value > 0.5 if up else value < 0.5


def test_gulf_mixed_message_reads_both_scripts() -> None:
    signals = compute_signals([c("Hi, نبغى Google Ads لشركتنا, budget 10k AED, ok بكرة 10am")])
    assert signals["calendar_intent"].value >= 0.5
    assert signals["specificity"].value >= 0.5
    assert signals["volunteered_info"].value > 0


# --- weights, bands, reasons --------------------------------------------------------------

def test_default_weights_sum_to_100_and_cover_every_signal() -> None:
    assert set(DEFAULT_WEIGHTS) == set(SIGNALS)
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_score_is_the_weighted_sum_clamped() -> None:
    all_max = dict.fromkeys(SIGNALS, 1.0)
    assert Weights().score(all_max) == 100
    assert Weights().score(dict.fromkeys(SIGNALS, 0.0)) == 0
    assert Weights().score({**dict.fromkeys(SIGNALS, 0.0), "calendar_intent": 1.0, "reply_speed": 0.5}) == 38


@pytest.mark.parametrize(("score", "band"), [(100, "hot"), (80, "hot"), (79, "warm"), (50, "warm"),
                                              (49, "nurture"), (20, "nurture"), (19, "cold"), (0, "cold")])
def test_bands_at_the_default_thresholds(score: int, band: str) -> None:
    assert Thresholds().band(score) == band


def test_custom_thresholds() -> None:
    assert Thresholds(hot=90, warm=60, nurture=30).band(85) == "warm"


HOT = [
    c("Salam, we need Snapchat ads for our 3 clinics, budget AED 10k/month. I'm the owner, ali@smile.ae", 0),
    r("Great! Can we call?", 2),
    c("yes bukra 10am, let's start and send the contract 👍", 4),
]


def test_a_hot_lead_and_its_reasons() -> None:
    result = score_conversation(HOT)
    assert result.band == "hot" and result.score >= 80
    assert 2 <= len(result.reasons) <= 3
    assert result.reasons[0].startswith("calendar intent +30")
    assert '"bukra' in result.reasons[0]
    assert result.summary.startswith(f"score {result.score}: calendar intent +30")


def test_reasons_name_what_held_a_cold_lead_back() -> None:
    result = score_conversation([c("how much for seo", 0), r("AED 3,500/month", 5), c("غالي، بس أسأل", 400)])
    assert result.band == "cold"
    assert any(reason.startswith("objection −") and "غالي" in reason for reason in result.reasons)
    assert any(reason.startswith("reply speed −") for reason in result.reasons)


def test_empty_conversation_scores_without_error() -> None:
    result = score_conversation([])
    assert 0 <= result.score <= 100 and result.band in ("cold", "nurture")


# --- crossings and the checklist ----------------------------------------------------------

def test_a_crossing_acts_once_per_band_change() -> None:
    bands = ["nurture", "nurture", "warm", "warm", "hot", "hot", "warm"]
    acted, last = [], None
    for band in bands:
        crossing = find_crossing(last, band)
        if crossing is not None:
            acted.append((crossing.new_band, crossing.action, crossing.rising))
            last = band
    assert acted == [
        ("nurture", "follow_up", True), ("warm", "qualification_checklist", True),
        ("hot", "ping_and_assign", True), ("warm", "qualification_checklist", False),
    ]  # fmt: skip
    assert find_crossing("cold", "cold") is None
    assert find_crossing(None, "cold").action == "low_priority"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        find_crossing(None, "lukewarm")


def test_the_warm_checklist_lists_what_is_missing() -> None:
    signals = compute_signals([c("We need Google Ads, budget AED 5,000 a month")])
    assert [item.key for item in missing_items(signals)] == ["timeline", "decision_maker"]
    everything = compute_signals([c("I'm the owner. Google Ads, budget 5k AED, start next month")])
    assert missing_items(everything) == ()
    boss = compute_signals([c("I'm the manager but I need to ask my boss")])
    assert not next(i for i in qualification_checklist(boss) if i.key == "decision_maker").known


# --- config -------------------------------------------------------------------------------

def test_scoring_config_reads_weights_thresholds_and_lane_overrides() -> None:
    lane = {**DEFAULT_WEIGHTS, "calendar_intent": 40, "sentiment": 0, "volunteered_info": 5}
    config = parse_scoring({"weights": dict(DEFAULT_WEIGHTS), "hot": 85, "warm": 55, "nurture": 25,
                            "lanes": {"sales": {"weights": lane}}}, ["sales", "support"])
    assert config.thresholds == Thresholds(85, 55, 25)
    assert config.weights_for("sales").values["calendar_intent"] == 40
    assert config.weights_for("support") == config.weights
    assert parse_scoring(None) == parse_scoring({})


def test_scoring_config_errors_name_the_key() -> None:
    _, problems = check_scoring({
        "weights": {**DEFAULT_WEIGHTS, "calendar_intent": 31},
        "hot": 120, "colour": "red",
        "lanes": {"sales": {"weights": {"calendar_intent": 100}}, "nope": {"weights": dict(DEFAULT_WEIGHTS)}},
    }, ["sales"])  # fmt: skip
    text = "\n".join(problems)
    assert "scoring.weights: weights must sum to 100, got 101" in text
    assert "scoring.hot: expected a whole number 0..100" in text
    assert "scoring.colour: unknown key" in text
    assert "scoring.lanes.sales.weights.sentiment: missing" in text
    assert "scoring.lanes.nope: no lane called 'nope'" in text
    with pytest.raises(ScoringConfigError):
        parse_scoring({"weights": {"calendar_intent": 100, "vibes": 0}})


# --- training -----------------------------------------------------------------------------

def _training_set() -> tuple[list[dict[str, float]], list[bool]]:
    rows, won = [], []
    for n in range(40):
        wins = n % 2 == 0
        level = (0.6 + 0.01 * (n % 7)) if wins else (0.2 + 0.01 * (n % 5))
        rows.append({**dict.fromkeys(SIGNALS, 0.5), "reply_speed": level, "intent_keywords": level})
        won.append(wins)
    return rows, won


def test_training_round_trips_through_json() -> None:
    rows, won = _training_set()
    model = fit(rows, won)
    blob = model.to_json()
    assert len(blob) < 1000
    again = TrainedModel.from_json(blob.encode())
    assert [again.score(v) for v in rows] == [model.score(v) for v in rows]
    assert model.coefficients["reply_speed"] > 0
    with pytest.raises(ValueError):
        TrainedModel.from_json('{"format": "something else"}')
    with pytest.raises(ValueError):
        fit(rows, [True] * len(rows))


def test_a_trained_model_explains_itself_in_points() -> None:
    rows, won = _training_set()
    model = fit(rows, won)
    points = model.contributions(rows[0])
    assert points["reply_speed"] > 0 and points["intent_keywords"] > 0
    assert abs(points["sentiment"]) < 1e-9


def test_adopt_only_if_the_held_out_auc_improves() -> None:
    rows, won = _training_set()
    better = compare(Weights({**dict.fromkeys(SIGNALS, 0.0), "sentiment": 100}), fit(rows, won), rows, won)
    assert better.adopt and better.auc_after > better.auc_before
    assert "adopt" in better.reason
    same = compare(fit(rows, won), fit(rows, won), rows, won)
    assert not same.adopt
    assert sum(row.count for row in better.calibration_after) == len(rows)


def test_auc_and_calibration_table() -> None:
    assert auc([90, 80, 10, 5], [True, True, False, False]) == 1.0
    assert auc([10, 80], [True, False]) == 0.0
    assert auc([50, 50], [True, False]) == 0.5
    table = calibration([95, 85, 60, 30, 10], [True, True, False, True, False])
    assert [(row.band, row.count, row.won) for row in table] == [
        ("hot", 2, 2), ("warm", 1, 0), ("nurture", 1, 1), ("cold", 1, 0)
    ]  # fmt: skip
    assert table[0].share_won == 1.0


def test_importing_scoring_pulls_in_no_io_or_ml_library() -> None:
    code = """
import json, sys
before = set(sys.modules)
from bot.routing.scoring import Message, score_conversation
score_conversation([Message("customer", "bukra 10am, send the contract", 0)])
new = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(
    name for name in new - set(sys.stdlib_module_names) - {"bot"} if not name.startswith("_sysconfigdata")
)))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_an_objection_as_the_last_word_halves_earlier_meetings_and_buying_words() -> None:
    booked = [c("Can we meet Sunday 10am? we want to start", 0), r("Sunday 10am works", 2)]
    kept = compute_signals([*booked, c("Great meeting, thanks!", 3000)])
    lost = compute_signals([*booked, c("Sorry, we went with another agency", 3000)])
    assert lost["calendar_intent"].value == kept["calendar_intent"].value / 2
    assert lost["intent_keywords"].value < kept["intent_keywords"].value
    assert lost["calendar_intent"].evidence[0] == "then objects in the last message"
    same_message = compute_signals([*booked, c("a bit expensive but ok, send the contract", 3000)])
    assert "closing_objection" not in same_message["objection"].facts
    assert same_message["calendar_intent"].value == kept["calendar_intent"].value


def test_a_yes_counts_only_at_the_start_and_without_an_objection() -> None:
    asked = r("Shall we send the contract?", 0)
    assert signal("intent_keywords", asked, c("Sorry, we went with an agency our investor works with", 9)) == 0
    assert signal("intent_keywords", asked, c("تمام أرسل", 1)) >= 0.5
    slot = r("Sunday 10am?", 0)
    assert signal("calendar_intent", slot, c("ok 👍", 1)) == 0.5
    assert signal("calendar_intent", slot, c("ok but it's too expensive for us", 1)) == 0


@pytest.mark.parametrize(("digits", "letters"), [("5alas", "khalas"), ("7elw", "helw"), ("n8dar", "ngdar"),
                                                 ("mo al7een", "mu alheen"), ("6ayeb", "tayeb")])
def test_arabizi_digits_meet_their_latin_spelling(digits: str, letters: str) -> None:
    from bot.routing.scoring.text import fold_word

    assert [fold_word(w) for w in digits.split()] == [fold_word(w) for w in letters.split()]
    assert fold_word("ad") != fold_word("3a2d")  # ع and ء have no letter: "3a2d" (contract) is not "ad"


# --- default-weight calibration: clear hot leads cross 80 ------------------------------------

HOT_LEADS = {
    "en": "quote for Google ads, budget 20k AED, can we meet tomorrow 10am? I'm the marketing manager at Acme, acme.ae",
    "ar": "نبي عرض سعر لإعلانات جوجل، الميزانية ٢٠ ألف درهم، ممكن نجتمع بكرة الساعة ١٠؟ أنا مدير التسويق في شركة أكمي",
    "arabizi": "3ayzeen quote for google ads, budget 20k aed, mumkin meeting bukra sa3a 10? ana marketing manager fi Acme",
}


@pytest.mark.parametrize("form", sorted(HOT_LEADS))
def test_a_clear_hot_lead_answering_within_a_minute_is_hot_with_default_weights(form: str) -> None:
    result = score_conversation([Message("customer", HOT_LEADS[form], 0), Message("rep", "Sure, 10am works", 2),
                                 Message("customer", "ok see you", 3)])
    assert result.score >= 80 and result.band == "hot", result


def test_the_company_named_after_the_role_is_volunteered_information() -> None:
    signal = compute_signals([c("I'm the marketing manager at Acme")])["volunteered_info"]
    assert 'company: "Acme"' in signal.evidence and 'role: "manager"' in signal.evidence
