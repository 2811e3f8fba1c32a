"""Numbers shown to people and put back in forms, without losing precision."""


def format_number(value):
    """`1234567.0` -> `1234567`, `0.125` -> `0.125`, None -> empty. Uses the shortest text that
    reads back as the same float, so saving an edit form unchanged never alters a metric."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
