"""The two PDF reports, cached: a report already generated for the same data is served without rendering.

The cache key holds what was asked (report, strategy or project, as-of date, period, language, board or
public) and a fingerprint of the data that changes whenever a figure could (one query), so a changed
report, project or value makes a new key instead of needing to be invalidated.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from strategies.progress import STATUS_RULE

from . import selectors
from .pdf import render_pdf

# A day: fingerprints catch changed figures; this bounds how long a renamed organisation may show.
CACHE_SECONDS = 24 * 60 * 60
STRATEGY_TEMPLATE = "reports/strategy_report.pdf.html"
PROJECT_TEMPLATE = "reports/project_report.pdf.html"


@dataclass
class Pdf:
    content: bytes
    filename: str


def _cache_key(*parts):
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
    return f"reports:pdf:{digest}"


def _context(report):
    return {"report": report, "VVG_NAME": settings.VVG_NAME, "status_rule": STATUS_RULE}


def _cached(key, build):
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content


def strategy_report_pdf(strategy, *, as_of=None, period_start=None, period_end=None, lang=None, board=False):
    """The strategy progress report as a Pdf; the board's version lists pending reports apart."""
    lang = lang or translation.get_language() or settings.LANGUAGE_CODE
    as_of = as_of or timezone.localdate()
    variant = "board" if board else "public"
    key = _cache_key(
        "strategy",
        strategy.pk,
        as_of,
        period_start,
        period_end,
        lang,
        variant,
        settings.VVG_NAME,
        selectors.strategy_fingerprint(strategy),
    )

    def build():
        with translation.override(lang):
            report = selectors.strategy_report(
                strategy, as_of=as_of, period_start=period_start, period_end=period_end, board=board
            )
            return render_pdf(STRATEGY_TEMPLATE, _context(report))

    filename = f"vps-{strategy.code}-{as_of.isoformat()}-{variant}-{lang}.pdf"
    return Pdf(_cached(key, build), filename)


def project_report_pdf(project, *, as_of=None, lang=None, board=False):
    """One project's report as a Pdf; the board's version lists its pending reports apart."""
    lang = lang or translation.get_language() or settings.LANGUAGE_CODE
    as_of = as_of or timezone.localdate()
    variant = "board" if board else "public"
    key = _cache_key(
        "project", project.pk, as_of, lang, variant, settings.VVG_NAME, selectors.project_fingerprint(project)
    )

    def build():
        with translation.override(lang):
            report = selectors.project_report(project, as_of=as_of, board=board)
            return render_pdf(PROJECT_TEMPLATE, _context(report))

    filename = f"projektas-{project.slug}-{as_of.isoformat()}-{variant}-{lang}.pdf"
    return Pdf(_cached(key, build), filename)
