"""Validation of a framework document's optional sections: per-competency guidance,
scorecard bands, the proof pack and ladder stage names. Each returns the clean value and
records field-path errors, like the rest of `validation`."""
from tracker.models import ARTIFACT_TYPES

GUIDANCE_TEXTS = ("look_for", "proof_points", "traps", "self_check")
STAGES = ("manager", "transition", "ready")


def _clean_text(errors, path, value, limit=2000):
    if not isinstance(value, str) or not value.strip():
        errors[path] = "must be non-empty text"
        return ""
    if len(value) > limit:
        errors[path] = f"must be at most {limit} characters"
    return value.strip()


def _mapping(errors, path, value, keys):
    if value is None:
        return None
    if not isinstance(value, dict):
        errors[path] = "must be a mapping"
        return None
    for key in value:
        if key not in keys:
            errors[f"{path}.{key}"] = f"unknown key; known: {', '.join(keys)}"
    return value


def guidance(errors, path, value):
    """{look_for, proof_points, traps, self_check, fast_move: {type, contains}}, all optional."""
    value = _mapping(errors, path, value, (*GUIDANCE_TEXTS, "fast_move"))
    if not value:
        return {}
    clean = {key: _clean_text(errors, f"{path}.{key}", value[key]) for key in GUIDANCE_TEXTS if key in value}
    move = _mapping(errors, f"{path}.fast_move", value.get("fast_move"), ("type", "contains"))
    if move is not None:
        if not isinstance(move.get("type"), str) or move.get("type") not in ARTIFACT_TYPES:
            errors[f"{path}.fast_move.type"] = "must be an evidence type slug, e.g. strategy_memo"
        clean["fast_move"] = {"type": move.get("type"),
                              "contains": _clean_text(errors, f"{path}.fast_move.contains", move.get("contains"))}
    return clean


def bands(errors, value, kind, max_total):
    """Scorecards: bands covering every total from 0 to `max_total`, in order, without gaps."""
    if kind != "scorecard":
        if value is not None:
            errors["bands"] = "applies to scorecard frameworks only"
        return []
    if not isinstance(value, list) or not value:
        errors["bands"] = f"must list the bands that cover the totals 0 to {max_total}"
        return []
    clean, expected = [], 0
    for index, band in enumerate(value):
        path = f"bands[{index}]"
        band = _mapping(errors, path, band, ("min", "max", "label", "advice"))
        if band is None:
            errors[path] = "must be a mapping with min, max, label and advice"
            continue
        low, high = band.get("min"), band.get("max")
        if any(isinstance(n, bool) or not isinstance(n, int) for n in (low, high)) or high < low:
            errors[path] = "min and max must be whole numbers with min <= max"
            continue
        if low != expected:
            errors[f"{path}.min"] = f"must be {expected}, so that bands leave no gap and do not overlap"
        expected = high + 1
        clean.append({"min": low, "max": high, "label": _clean_text(errors, f"{path}.label", band.get("label"), 120),
                      "advice": _clean_text(errors, f"{path}.advice", band.get("advice"))})
    if clean and clean[-1]["max"] != max_total:
        errors[f"bands[{len(value) - 1}].max"] = f"must be {max_total}, the highest possible total"
    return clean


def proof_pack(errors, value, competency_slugs):
    """[{label, types: [evidence type], signals: [competency slug]}]"""
    if value is None:
        return []
    if not isinstance(value, list):
        errors["proof_pack"] = "must be a list of items with label, types and signals"
        return []
    clean = []
    for index, item in enumerate(value):
        path = f"proof_pack[{index}]"
        item = _mapping(errors, path, item, ("label", "types", "signals"))
        if item is None:
            errors[path] = "must be a mapping with label, types and signals"
            continue
        types, signals = item.get("types"), item.get("signals")
        if not isinstance(types, list) or not types or any(not isinstance(t, str) or t not in ARTIFACT_TYPES
                                                          for t in types):
            errors[f"{path}.types"] = "must list evidence type slugs, e.g. [risk_register]"
            types = []
        if not isinstance(signals, list) or not signals or any(not isinstance(s, str) or s not in competency_slugs
                                                              for s in signals):
            errors[f"{path}.signals"] = "must list slugs of this framework's competencies"
            signals = []
        clean.append({"label": _clean_text(errors, f"{path}.label", item.get("label"), 200),
                      "types": list(types), "signals": list(signals)})
    return clean


def stage_names(errors, value, kind):
    """Ladders: names people read for each stage, e.g. {ready: Ready for VP}."""
    value = _mapping(errors, "stages", value, STAGES)
    if value is None:
        return {}
    if kind != "ladder":
        errors["stages"] = "applies to ladder frameworks only"
        return {}
    return {key: _clean_text(errors, f"stages.{key}", value[key], 120) for key in STAGES if key in value}
