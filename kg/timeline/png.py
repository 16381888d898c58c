"""The timeline as a PNG picture, drawn with matplotlib and a CJK font.

matplotlib's default fonts have no Chinese glyphs, so a CJK font is looked up
with :mod:`matplotlib.font_manager`; without one the PNG would show empty
boxes, and :func:`render_png` says which font to install instead.
"""

from __future__ import annotations

from collections import Counter

from kg.errors import KgError
from kg.timeline.events import TimelineEvent
from kg.timeline.layout import class_colours, class_rank, date_text, day_text, month_text, place_events

__all__ = ["render_png", "find_cjk_font", "CJK_FONTS"]

#: CJK fonts, best first (the same stack as the HTML page).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", "SimHei", "Droid Sans Fallback")
GAP = 0.34  # inches between two rows
TOP = 0.55  # inches from the top of the axis area


def find_cjk_font() -> str | None:
    """The name of an installed CJK font, or None."""
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


def _label(ax, x: float, y: float, event: TimelineEvent, colour_: str, size: float = 11) -> None:
    """The event's label at (x, y): the class part in its colour, then the rest."""
    head = ax.text(x, y, event.class_label, ha="left", va="center", fontsize=size, color=colour_)
    if event.label_tail:
        ax.annotate(event.label_tail, xy=(1, 0.5), xycoords=head, ha="left", va="center", fontsize=size,
                    color="#1d2330")


def render_png(events: list[TimelineEvent], path, title: str = "事件时间轴", dpi: int = 150) -> None:
    """Draw the dated ``events`` on a vertical time axis into ``path`` (PNG); the
    undated ones are listed below the axis."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError as exc:
        raise KgError("PNG output needs matplotlib; install it with `pip install matplotlib`, "
                      "or write HTML instead (-o timeline.html)") from exc
    font = find_cjk_font()
    if font is None:
        raise KgError("no CJK font found for the PNG; install one (Debian/Ubuntu: "
                      "`apt-get install fonts-wqy-microhei` or fonts-noto-cjk), or write HTML instead "
                      "(-o timeline.html)")
    dated = [e for e in events if e.date]
    undated = [e for e in events if not e.date]
    if not events:
        raise KgError("no events to draw; check the graph has events (kg build) or widen --from/--to/--class")
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"],
                         "axes.unicode_minus": False, "svg.hashsalt": "kg", "path.simplify": False})
    colour = class_colours(e.cls for e in events)
    placed, bottom = place_events(dated, TOP, GAP)
    if not dated:
        bottom = 0.0
    list_top = bottom + (0.95 if dated else 0.45)
    height = (list_top + GAP * len(undated) + 0.3) if undated else bottom + 0.7
    width = 11.0
    fig = plt.figure(figsize=(width, height + 1.3), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, height / (height + 1.3)))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    axis_x, label_x = 1.75, 2.0
    if dated:
        ax.plot([axis_x, axis_x], [TOP - 0.35, bottom + 0.45], color="#c3c8d2", lw=2.2, zorder=1,
                solid_capstyle="round")
    for p in placed:
        e, c = p.event, colour[p.event.cls]
        if p.new_month:
            ax.plot([0.25, width - 0.3], [p.y - GAP * 0.62] * 2, color="#e6e8ee", lw=1, zorder=0)
            ax.text(0.3, p.y - GAP * 0.62, f" {month_text(e.day)} ", ha="left", va="center", fontsize=9.5,
                    color="#5b6475", backgroundcolor="white", zorder=1)
        if p.new_day:
            ax.text(axis_x - 0.2, p.y, day_text(e.day), ha="right", va="center", fontsize=10.5, color="#1d2330")
        ax.scatter([axis_x], [p.y], s=80, color=c, edgecolors="white", linewidths=1.6, zorder=3)
        _label(ax, label_x, p.y, e, c)
    if undated:
        ax.plot([0.25, width - 0.3], [list_top - GAP * 0.9] * 2, color="#e6e8ee", lw=1, zorder=0)
        ax.text(0.3, list_top - GAP * 0.9, f" 日期不详 undated · {len(undated)} ", ha="left", va="center",
                fontsize=9.5, color="#5b6475", backgroundcolor="white", zorder=1)
        for i, e in enumerate(undated):
            y = list_top + GAP * i
            ax.scatter([axis_x], [y], s=50, color=colour[e.cls], edgecolors="white", linewidths=1.2, zorder=3)
            _label(ax, label_x, y, e, colour[e.cls])
    head = fig.add_axes((0, height / (height + 1.3), 1, 1.3 / (height + 1.3)))
    head.axis("off")
    head.text(0.03, 0.72, title, fontsize=18, color="#1d2330", va="center")
    span = f" · {date_text(dated[0].date)} – {date_text(dated[-1].date)}" if dated else ""
    more = f" · {len(undated)} 个日期不详" if undated else ""
    head.text(0.03, 0.42, f"{len(events)} 个事件{span}{more}", fontsize=10.5, color="#5b6475", va="center")
    counts = Counter(e.cls for e in events)
    labels = {e.cls: e.class_label for e in events}
    handles = [Line2D([], [], marker="o", ls="", color=colour[cls], markersize=8,
                      label=f"{labels[cls]} {counts[cls]}")
               for cls in sorted(counts, key=lambda c: (class_rank(c), c))]
    head.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.02, -0.1), ncol=min(8, len(handles)),
                frameon=False, fontsize=10, handletextpad=0.2, columnspacing=1.0)
    fig.savefig(path, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    plt.close(fig)
