"""Charts drawn on the server as SVG by pygal, with no script and nothing fetched: they show offline and
print as they look."""

import math
import re
from functools import cache
from importlib.resources import files

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#d8dee6",
    colors=("#0b5e8e", "#5a4ca8", "#1f7a3f"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    title_font_size=15,
)
# pygal writes its configuration in an inline <script> even with no script file; the page's
# Content-Security-Policy forbids inline script, and the chart needs none, so it is taken out.
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
OPTIONS = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "show_legend": False,
    "print_values": True,
    "explicit_size": False,
    "margin": 8,
}


def bar_chart(title: str, pairs: list[tuple[str, int]], *, horizontal: bool = False) -> str:
    """A bar chart of (label, count) pairs, as inline SVG."""
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(220, 34 * len(pairs) + 60) if horizontal else 280
    counts = [count for _label, count in pairs]
    step = max(1, math.ceil(max(counts, default=1) / 5))
    ticks = list(range(0, max(counts, default=1) + step, step))
    chart = chart_class(title=title, height=height, width=560, y_labels=ticks, range=(0, ticks[-1]), **OPTIONS)
    chart.x_labels = [str(label) for label, _count in pairs]
    chart.add(title, counts)
    return mark_safe(_SCRIPT.sub("", chart.render(is_unicode=True)))


@cache
def world_map_svg() -> str:
    """The world's countries from pygal's world map, each as a group whose id is its ISO code, so a page can
    show any set of them with `<use href="…#fr">`."""
    source = files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    source = re.sub(r'<g class="([a-z]{2}) country map-element">', r'<g id="\1">', source)
    return source.replace('<g id="countries">', '<g id="countries" class="land">', 1)


WORLD_VIEWBOX = "0 0 2475 1388"
