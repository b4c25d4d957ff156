"""Text the staff write in Markdown, turned into HTML that can hold no script (Python-Markdown, then nh3)."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre",
    "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text):
    """Safe HTML of the Markdown `text`: raw HTML, scripts and `javascript:` links are removed."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(  # noqa: S308 - nh3 leaves only the tags and attributes listed above
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener",
        )
    )
