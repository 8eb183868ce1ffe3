"""route(): entry ref, else keywords, else the default lane; total and explained."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.lanes import EntryPoint, Lane, LanesConfig, Workspace, load_lanes
from bot.routing import RouteDecision, route

ROOT = Path(__file__).resolve().parents[2]

LANES = LanesConfig(
    workspace=Workspace(timezone="Asia/Dubai", default_lane="support"),
    lanes=(
        Lane("sales", "C0SALES", keywords=("price", "quote", "سعر", "عرض سعر")),
        Lane("arabic_seo", "C0SEO", keywords=("seo", "سيو", "تحسين محركات البحث")),
        Lane("billing", "C0BILLING", keywords=("invoice", "فاتورة", "دفع")),
        Lane("support", "C0SUPPORT"),
    ),
    entry_points=(
        EntryPoint("pricing", "sales", label="Paid media"),
        EntryPoint("seo-audit", "arabic_seo", label="Arabic SEO"),
        EntryPoint("tender", "sales"),
    ),
)


def test_an_entry_ref_routes_to_its_lane_and_label() -> None:
    decision = route("Hi, I'd like a quote (ref: pricing)", LANES)

    assert decision == RouteDecision(
        lane="sales",
        label="Paid media",
        entry_ref="pricing",
        reasons=('entry point "pricing" (ref in message)', 'label "Paid media" from entry point "pricing"'),
    )
    assert decision.reason == 'entry point "pricing" (ref in message); label "Paid media" from entry point "pricing"'


def test_an_entry_ref_beats_keywords() -> None:
    decision = route("invoice فاتورة دفع [ref: SEO-AUDIT]", LANES)

    assert (decision.lane, decision.label, decision.entry_ref) == ("arabic_seo", "Arabic SEO", "seo-audit")


def test_an_entry_point_without_a_label() -> None:
    decision = route("#tender", LANES)

    assert (decision.lane, decision.label, decision.entry_ref) == ("sales", None, "tender")
    assert decision.reason == 'entry point "tender" (ref in message)'


def test_keywords_route_when_there_is_no_ref() -> None:
    decision = route("What's the price? كم السِّعر", LANES)

    assert decision == RouteDecision("sales", None, None, ('keywords: "price", "سعر" → sales',))


def test_arabic_keywords_with_prefixes_and_variants() -> None:
    assert route("أُريد تحسينَ محركات البحث لموقعي", LANES).lane == "arabic_seo"
    assert route("وصلتني الفاتورة ولم أستطع الدفع", LANES).reason == 'keywords: "فاتورة", "دفع" → billing'


def test_an_unknown_ref_falls_back_to_keywords() -> None:
    assert route("ref: nope, what is the price", LANES).lane == "sales"


def test_nothing_matching_goes_to_the_default_lane() -> None:
    decision = route("Hello! مرحبا", LANES)

    assert decision == RouteDecision("support", None, None, ("no entry ref or keyword: default lane support",))


def test_the_example_lanes_file_routes_its_own_presets() -> None:
    lanes = load_lanes(ROOT / "lanes.example.toml")

    for entry in lanes.entry_points:
        assert entry.preset is not None
        decision = route(entry.preset, lanes)
        assert (decision.lane, decision.label, decision.entry_ref) == (entry.lane, entry.label, entry.ref)
    assert route("عندي مشكلة في الدفع", lanes).lane == "billing"
    assert route("كم سعر الباقة؟", lanes).lane == "sales"
    assert route("hi", lanes).lane == "support"


def test_huge_text_is_fine() -> None:
    text = ("مرحبا hello " * 100_000) + "invoice"

    assert route(text, LANES).lane == "billing"


TEXTS = (
    st.text()
    | st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF))
    | st.lists(
        st.sampled_from(
            ["ref:", "ref: pricing", "#tender", "[ref:", "price", "سعر", "والسعر", "فاتورة", "seo", "\u200f"]
        ),
        max_size=10,
    ).map(" ".join)
)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_route_is_total_and_deterministic(text: str) -> None:
    decision = route(text, LANES)

    assert LANES.has_lane(decision.lane)
    assert decision.reasons and decision.reason
    assert route(text, LANES) == decision


def test_importing_routing_pulls_in_no_io_library() -> None:
    code = """
import json, sys
before = set(sys.modules)
import bot.routing
from bot.lanes import Lane, LanesConfig, Workspace
bot.routing.route("price", LanesConfig(Workspace(default_lane="a"), (Lane("a", "C0A", keywords=("price",)),)))
new = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted(
    name for name in new - set(sys.stdlib_module_names) - {"bot"} if not name.startswith("_sysconfigdata")
)))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)

    assert json.loads(result.stdout) == []
    banned = {"slack_sdk", "slack_bolt", "twilio", "flask", "sqlmodel", "sqlalchemy", "requests"}
    assert not banned & set(json.loads(result.stdout))
