"""Text the staff write in Markdown, turned into HTML that can hold no script (Python-Markdown, then nh3).

Python-Markdown recurses once for every level of a list or quote (`- - - - a` on one line is a list in a list
in a list…) and reads ahead from every `[` to its `]` — to the end of the paragraph when it is not closed — and
from a link's `(` to its `)`; a run of lines without an empty one is one block, searched again for each heading
or rule in it. So a page text is checked when it is saved (`check_markdown`): at most MAX_LENGTH characters,
MAX_BRACKETS brackets and MAX_RUN_LINES lines in a row, at most MAX_READ_AHEAD characters read ahead from its
brackets, and no nesting too deep to render; a text saved before these checks that still cannot be rendered (or
that runs too many lines in a row) is shown as plain text. The pages render a text once per process
(`render_markdown` keeps the last few).
"""

import functools
import re

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

MAX_LENGTH = 20_000  # characters of one page text: a long privacy notice has about half of it
MAX_BRACKETS = 300  # "[" in one text: a link takes one
# Characters read ahead from the brackets (see `read_ahead`): 300 links of 50 characters read 15 000; 300
# unclosed brackets in a 20 000-character paragraph read six million, which took Python-Markdown 1,4 s.
MAX_READ_AHEAD = 400_000
# Lines in a row without an empty line between them. Python-Markdown takes such a run as one block and, for each
# heading or rule in it, splits the block and searches the rest again: 10 000 one-character headings in a row
# took 2,3 s. A run of 400 costs a few milliseconds; a page text's paragraphs have a handful of lines.
MAX_RUN_LINES = 400

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre",
    "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def _html(text):
    converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML is dropped by nh3 anyway; the step that finds raw HTML blocks reads a text of tags as a whole, again
    # and again (20 000 characters of "<a " took 3,4 s). Without it a tag is only inline text for nh3 to remove.
    converter.preprocessors.deregister("html_block")
    return converter.convert(text or "")


def _matches(paragraph, opening, closing):
    """{position of an `opening`: position of its balanced `closing`, or the paragraph's end when none}."""
    matches, stack = {}, []
    for position, character in enumerate(paragraph):
        if character == opening:
            stack.append(position)
        elif character == closing and stack:
            matches[stack.pop()] = position
    matches.update((position, len(paragraph)) for position in stack)
    return matches


def _reaches(text):
    """(position in `text`, characters read ahead) of each `[` — to its `]`, or to the end of its paragraph when
    unclosed — and of each link's `(` to its `)`: what Python-Markdown reads again for them."""
    start = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", text):
        if "[" in paragraph:
            parentheses = _matches(paragraph, "(", ")")
            for opening, end in _matches(paragraph, "[", "]").items():
                yield start + opening, end - opening
                if paragraph.startswith("(", end + 1):
                    yield start + end + 1, parentheses[end + 1] - (end + 1)
        start += len(paragraph)


def longest_run(text):
    """(first line number, length) of the longest run of lines without an empty line between them."""
    best, start, length = (1, 0), 1, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if length == 0:
                start = number
            length += 1
            if length > best[1]:
                best = (start, length)
        else:
            length = 0
    return best


def read_ahead(text):
    """How many characters Python-Markdown reads ahead for the text's brackets (see `_reaches`)."""
    return sum(length for _position, length in _reaches(text))


def check_markdown(text):
    """Raise ValidationError when the page text `text` is too long, too bracketed or too deeply nested to show."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "The text has %(length)s character; a page text may have at most %(limit)s.",
                "The text has %(length)s characters; a page text may have at most %(limit)s.",
                len(text),
            )
            % {"length": len(text), "limit": MAX_LENGTH},
            code="too_long",
        )
    first, run = longest_run(text)
    if run > MAX_RUN_LINES:
        raise ValidationError(
            ngettext(
                "From line %(line)s the text runs %(count)s line without an empty line between them; at most "
                "%(limit)s are allowed. Put an empty line between paragraphs.",
                "From line %(line)s the text runs %(count)s lines without an empty line between them; at most "
                "%(limit)s are allowed. Put an empty line between paragraphs.",
                run,
            )
            % {"line": first, "count": run, "limit": MAX_RUN_LINES},
            code="run_too_long",
        )
    brackets = text.count("[")
    if brackets > MAX_BRACKETS:
        raise ValidationError(
            ngettext(
                "The text holds %(count)s bracket “[”; at most %(limit)s are allowed (a link takes one).",
                "The text holds %(count)s brackets “[”; at most %(limit)s are allowed (a link takes one).",
                brackets,
            )
            % {"count": brackets, "limit": MAX_BRACKETS},
            code="too_many_brackets",
        )
    reaches = list(_reaches(text))
    if sum(length for _position, length in reaches) > MAX_READ_AHEAD:
        farthest, _length = max(reaches, key=lambda reach: reach[1])
        raise ValidationError(
            gettext(
                "The text has brackets that would make the page slow to show: a “[” or a link's “(” whose closing "
                "bracket is far ahead or missing in a long paragraph (the one reaching farthest is at character "
                "%(position)s). Close each bracket near where it opens, or split the paragraph."
            )
            % {"position": farthest + 1},
            code="brackets_reach_far",
        )
    try:
        _html(text)
    except RecursionError:
        raise ValidationError(
            gettext("The text nests lists or quotes too deeply to be shown. Keep to a few levels."), code="too_deep"
        ) from None


@functools.lru_cache(maxsize=16)
def render_markdown(text):
    """Safe HTML of the Markdown `text`: raw HTML, scripts and `javascript:` links are removed.

    A text nested too deeply to render or running too many lines in a row (saved before `check_markdown`) comes
    out as plain paragraphs. The last few texts are kept: a page text is rendered once per process, not on every
    request.
    """
    if longest_run(text)[1] > MAX_RUN_LINES:
        return linebreaks(escape(text))
    try:
        html = _html(text)
    except RecursionError:
        return linebreaks(escape(text))
    return mark_safe(  # noqa: S308 - nh3 leaves only the tags and attributes listed above
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener",
        )
    )
