"""The interface every export format offers."""
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Format:
    name: str  # as the `format` parameter names it
    label: str
    media_type: str
    extension: str
    render: Callable  # (document) -> str or bytes
    # Shown in the browser rather than downloaded when a person asks for it on the page.
    inline: bool = False
    # Response headers the rendered document needs (the HTML page's own content policy).
    headers: Callable[[], dict] = field(default=dict)
