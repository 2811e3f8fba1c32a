"""Readiness as SVG: a radial chart for one person, a heatmap for a team. Server-rendered,
valid XML, with a title and a description for screen readers and a <title> on every mark,
so the charts can be downloaded and read outside the product."""
import math
import re
from xml.sax.saxutils import escape as xml_escape

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text):
    """Text for an SVG element: escaped, without the control characters XML cannot hold."""
    return xml_escape(XML_FORBIDDEN.sub("", text))


PALETTE = ["#e8edf7", "#fde7b0", "#b9e3c6", "#6cc08b", "#2f8f5b"]  # none, then each level upwards
NONE_COLOUR = "#f3f4f6"


def _colour(level, levels):
    if level is None:
        return NONE_COLOUR
    step = (len(PALETTE) - 1) / max(1, len(levels) - 1)
    return PALETTE[min(len(PALETTE) - 1, 1 + round(level.position * step))]


def _document(width, height, title, description, body):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" '
            f'font-family="system-ui, sans-serif" font-size="12">'
            f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>'
            f'<rect width="100%" height="100%" fill="#ffffff"/>{"".join(body)}</svg>')


def _legend(levels, x, y):
    parts = []
    for index, level in enumerate([None, *levels]):
        name = "No level yet" if level is None else level.name
        parts.append(f'<rect x="{x}" y="{y + index * 18}" width="12" height="12" fill="{_colour(level, levels)}" '
                     f'stroke="#98a2b3"/><text x="{x + 18}" y="{y + index * 18 + 10}">{escape(name)}</text>')
    return "".join(parts)


def radial_chart(person, readiness):
    """One spoke per competency; the further out, the higher the evidence level."""
    framework, dimensions = readiness.framework, readiness.dimensions
    width, height, centre_x, centre_y, radius = 780, 560, 390, 280, 170
    rings, count = len(framework.levels), len(dimensions)
    body = []
    for ring in range(1, rings + 1):
        body.append(f'<circle cx="{centre_x}" cy="{centre_y}" r="{radius * ring / rings:.1f}" fill="none" '
                    f'stroke="#d9dee7"/>')
    points = []
    for index, d in enumerate(dimensions):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        reach = 0 if d.level is None else (d.level.position + 1) / rings
        x, y = centre_x + radius * reach * math.cos(angle), centre_y + radius * reach * math.sin(angle)
        points.append(f"{x:.1f},{y:.1f}")
        end_x, end_y = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
        label_x, label_y = centre_x + (radius + 24) * math.cos(angle), centre_y + (radius + 24) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        level = d.level.name if d.level else "No level yet"
        body.append(f'<line x1="{centre_x}" y1="{centre_y}" x2="{end_x:.1f}" y2="{end_y:.1f}" stroke="#d9dee7"/>')
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{_colour(d.level, framework.levels)}" '
                    f'stroke="#2455c3"><title>{escape(d.competency.name)}: {escape(level)}</title></circle>')
        body.append(f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}">'
                    f'{escape(d.competency.name)}</text>')
    body.insert(rings, f'<polygon points="{" ".join(points)}" fill="#2455c3" fill-opacity="0.15" '
                       f'stroke="#2455c3" stroke-width="2"/>')
    body.append(_legend(framework.levels, 10, height - 18 * (rings + 1) - 4))
    description = "; ".join(f"{d.competency.name}: {d.level.name if d.level else 'no level yet'}" for d in dimensions)
    title = (f"{person.name}: {framework.name} as of {readiness.as_of.isoformat()}, {readiness.headline}")
    return _document(width, height, title, description, body)


def heatmap(team):
    """Rows are people, columns competencies, colour the evidence level."""
    framework = team.framework
    cell, left, top = 28, 190, 150
    width = left + cell * len(framework.competencies) + 260
    height = max(top + cell * len(team.people) + 20, top + 18 * (len(framework.levels) + 1) + 20)
    body = []
    for column, competency in enumerate(framework.competencies):
        x = left + column * cell + cell / 2
        body.append(f'<text transform="translate({x:.1f},{top - 8}) rotate(-50)">{escape(competency.name)}</text>')
    for row, (person, readiness) in enumerate(team.people):
        y = top + row * cell
        body.append(f'<text x="{left - 8}" y="{y + cell / 2 + 4:.1f}" text-anchor="end">{escape(person.name)}</text>')
        for column, d in enumerate(readiness.dimensions):
            level = d.level.name if d.level else "no level yet"
            body.append(f'<rect x="{left + column * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                        f'fill="{_colour(d.level, framework.levels)}" stroke="#d9dee7">'
                        f'<title>{escape(person.name)}, {escape(d.competency.name)}: {escape(level)}</title></rect>')
    body.append(_legend(framework.levels, left + cell * len(framework.competencies) + 20, top))
    title = f"Team readiness against {framework.name}, page {team.page} of {team.pages}"
    description = f"{len(team.people)} people by {len(framework.competencies)} competencies; colour shows the level."
    return _document(width, height, title, description, body)


def attachment_name(*parts):
    """A download file name from words: `Cara Candidate` -> `cara-candidate.svg` (letters
    and digits of any script; the response encodes it for the header)."""
    text = "-".join("".join(ch if ch.isalnum() else "-" for ch in part.lower()) for part in parts)
    return "-".join(filter(None, text.split("-"))) + ".svg"
