"""Numbers shown to people and put back in forms, without losing precision."""


def format_number(value):
    """`1234567.0` -> `1234567`, `0.125` -> `0.125`, None -> empty. Uses the shortest text that
    reads back as the same float, so saving an edit form unchanged never alters a metric."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def file_size(size):
    """`512` -> `512 bytes`, `2048` -> `2.0 KB`, `3145728` -> `3.0 MB`."""
    if size < 1024:
        return f"{size} bytes" if size != 1 else "1 byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB"
