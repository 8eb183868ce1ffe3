"""The `/wa-report` chart: one PNG with conversations started per day and time to first reply per lane.

Drawn with matplotlib's object-oriented API on its Agg canvas (`Figure` + `FigureCanvasAgg`):
no pyplot, no `matplotlib.use()`, no rcParams changes, so it needs no screen and leaves other
code's matplotlib set-up alone. Sized for Slack on a phone: 8x7 in at 110 dpi, large type.

Non-Latin names: from matplotlib 3.11 (which bundles libraqm) Arabic lane and outcome names are
shaped and laid out right to left by matplotlib itself, so `arabic-reshaper`/`python-bidi` are not
needed (and would garble the text by shaping it twice). Older matplotlib draws Arabic letters
unjoined and left to right. Scripts the font lacks (e.g. CJK with the default DejaVu Sans) are
drawn as empty boxes; the "Glyph … missing from font" warning that comes with them is silenced.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import MaxNLocator

from bot.reports.model import UNKNOWN_OUTCOME, Day, LaneSpeed, Report

WIDTH_IN = 8.0
HEIGHT_IN = 7.0
DPI = 110
TITLE_SIZE = 17
HEADING_SIZE = 15
TEXT_SIZE = 12

OPEN_LABEL = "open (outcome unknown)"
OPEN_COLOUR = "#9e9e9e"
OUTCOME_COLOURS = ("#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#8c564b", "#e377c2",
                   "#bcbd22", "#17becf")  # matplotlib's tab10 without its grey
P50_COLOUR = "#1f77b4"
P90_COLOUR = "#aec7e8"

_MISSING_GLYPH = r"Glyph \d+ .* missing from font"
# `warnings.catch_warnings` swaps the process-wide filter list; one render at a time keeps two
# renders from restoring each other's filters. Rendering takes a fraction of a second.
_render_lock = threading.Lock()


def render_chart(report: Report) -> bytes | None:
    """The report as a PNG, or None when no conversation started in the period.

    The same report gives the same bytes (no software or date metadata)."""
    if report.empty:
        return None
    extra_lanes = max(0, len(report.lane_speed) - 5)
    height = min(HEIGHT_IN + 0.45 * extra_lanes, 14.0)
    with _render_lock, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_MISSING_GLYPH, category=UserWarning)
        fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # this figure renders with Agg, whatever backend others chose
        fig.suptitle(report.query.period.label, fontsize=TITLE_SIZE, fontweight="bold")
        grid = fig.add_gridspec(2, 1, height_ratios=[HEIGHT_IN * 0.55, height - HEIGHT_IN * 0.55])
        _draw_per_day(fig.add_subfigure(grid[0]), report)
        _draw_first_reply(fig.add_subfigure(grid[1]), report.lane_speed)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _draw_per_day(panel: SubFigure, report: Report) -> None:
    panel.suptitle("Conversations started per day", fontsize=HEADING_SIZE)
    ax = panel.add_subplot()
    days = report.per_day
    period = report.query.period
    first = min([period.first_day, *(d.day for d in days)])
    last = max([period.last_day, *(d.day for d in days)])
    span = (last - first).days + 1
    x = [(d.day - first).days for d in days]
    width = 0.8 if span <= 62 else 1.0
    bottom = [0] * len(days)
    for index, outcome in enumerate(_stack_order(days)):
        heights = [dict(d.by_outcome).get(outcome, 0) for d in days]
        if not any(heights):
            continue
        is_open = outcome == UNKNOWN_OUTCOME
        ax.bar(x, heights, width, bottom=bottom, linewidth=0,
               color=OPEN_COLOUR if is_open else OUTCOME_COLOURS[index % len(OUTCOME_COLOURS)],
               label=OPEN_LABEL if is_open else outcome)
        bottom = [b + h for b, h in zip(bottom, heights)]
    if span <= 14:
        for position, total in zip(x, bottom):
            if total:
                ax.annotate(str(total), (position, total), xytext=(0, 2), textcoords="offset points",
                            ha="center", va="bottom", fontsize=TEXT_SIZE - 1)
    ax.set_xlim(-0.6, span - 0.4)
    ax.set_ylim(0, max(bottom, default=0) * 1.12 or 1)
    ticks = _day_ticks(first, span)
    ax.set_xticks([t for t, _ in ticks], [label for _, label in ticks])
    if 14 < span <= 92:
        ax.set_xticks(range(span), minor=True)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=TEXT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        one_row = sum(len(label) + 4 for label in labels) <= 64
        columns = len(handles) if one_row else 3 if max(map(len, labels)) <= 22 else 2
        panel.legend(handles, labels, loc="outside lower center", ncol=columns,
                     fontsize=TEXT_SIZE, frameon=False, handlelength=1.2, columnspacing=1.2)


def _stack_order(days: tuple[Day, ...]) -> list[str]:
    """Outcomes in their lanes-file order, the open ones last (drawn on top)."""
    outcomes = [outcome for outcome, _ in days[0].by_outcome] if days else []
    return [o for o in outcomes if o != UNKNOWN_OUTCOME] + [o for o in outcomes if o == UNKNOWN_OUTCOME]


def _day_ticks(first: date, span: int) -> list[tuple[int, str]]:
    """(position, label): every day for two weeks, weekly up to a quarter, then month starts."""
    days = [first + timedelta(days=i) for i in range(span)]
    if span <= 14:
        return [(i, _weekday_label(d)) for i, d in enumerate(days)]
    if span <= 92:
        step = 7 * math.ceil(span / (7 * 8))  # at most 8 labels
        return [(i, _weekday_label(d) if span <= 31 else f"{d.day} {d:%b}") for i, d in enumerate(days)
                if i % step == 0]
    starts = [(i, d) for i, d in enumerate(days) if d.day == 1]
    return [(i, f"{d:%b %Y}" if n == 0 or d.month == 1 else f"{d:%b}") for n, (i, d) in enumerate(starts)]


def _weekday_label(day: date) -> str:
    return f"{day:%a} {day.day}"


def _draw_first_reply(panel: SubFigure, lanes: tuple[LaneSpeed, ...]) -> None:
    panel.suptitle("Time to first reply, working time", fontsize=HEADING_SIZE)
    ax = panel.add_subplot()
    if not lanes:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no lanes", transform=ax.transAxes, ha="center", va="center",
                fontsize=TEXT_SIZE, color="grey")
        return
    seconds = [s for lane in lanes for s in (lane.first_reply.work.p50, lane.first_reply.work.p90)
               if s is not None]
    unit, per = ("hours", 3600) if max(seconds, default=0) >= 2 * 3600 else ("minutes", 60)
    bar = 0.38
    for i, lane in enumerate(lanes):
        work = lane.first_reply.work
        if work.p50 is None and work.p90 is None:
            ax.text(0, i, " no replies", va="center", fontsize=TEXT_SIZE, color="grey", style="italic")
            continue
        for offset, value, colour, caption in ((-bar / 2, work.p50, P50_COLOUR, "median"),
                                               (bar / 2, work.p90, P90_COLOUR, "90% within")):
            if value is None:
                continue
            ax.barh(i + offset, value / per, bar, color=colour)
            ax.annotate(f"{caption} {_duration(value)}", (value / per, i + offset),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=TEXT_SIZE - 1)
    ax.set_yticks(range(len(lanes)), [_lane_label(lane) for lane in lanes])
    ax.set_ylim(len(lanes) - 0.5, -0.5)  # first lane on top
    longest = max(seconds, default=0) / per
    ax.set_xlim(0, longest / 0.6 if longest else 1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 3, 5, 6, 10]))
    ax.set_xlabel(unit, fontsize=TEXT_SIZE)
    ax.tick_params(labelsize=TEXT_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)


def _lane_label(lane: LaneSpeed) -> str:
    count = lane.first_reply.work.count
    return f"{lane.lane}\n{count} replied" if count else lane.lane


def _duration(seconds: int) -> str:
    """45 s, 12 min, 1.5 h, 20 h: whichever reads best, whatever the axis unit."""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{_amount(seconds / 60)} min"
    return f"{_amount(seconds / 3600)} h"


def _amount(value: float) -> str:
    """4, 2.5, 12: one decimal below ten, none from ten up."""
    return f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
