"""The PDF reports, kept: a report already generated for the same data is served without rendering.

The key holds what was asked (report, strategy or project, as-of date, period, language, board or public) and
the data fingerprint the page cache uses too (`progress.fingerprint`, one query), so a changed report, project
or value makes a new key instead of needing to be invalidated.

Small reports are rendered in the request and kept in Django's cache. Large ones — a strategy with more counted
projects than `PDF_BACKGROUND_PROJECTS` — are rendered by the task worker (`reports.tasks`) and kept in their
background job under the same kind of key: `report_params` says what was asked, `render_report_from` renders it.
"""

import datetime
import hashlib
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from jobs.isolation import in_child_process
from jobs.services import Outcome, job_key
from progress.calculation import status_rule
from progress.fingerprint import data_fingerprint
from projects.models import Project
from strategies.models import Strategy
from vvg_profile.models import Profile

from . import selectors
from .pdf import html_to_pdf, render_html, render_pdf

# A day: fingerprints catch changed figures; this bounds how long a renamed organisation may show.
CACHE_SECONDS = 24 * 60 * 60
STRATEGY_TEMPLATE = "reports/strategy_report.pdf.html"
PROJECT_TEMPLATE = "reports/project_report.pdf.html"
ANNUAL_TEMPLATE = "reports/annual_report.pdf.html"
# How fast WeasyPrint lays out the report's HTML on a small server, roughly: for the progress bar only.
HTML_BYTES_PER_SECOND = 20_000


@dataclass
class Pdf:
    content: bytes
    filename: str


def _cache_key(*parts):
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
    return f"reports:pdf:{digest}"


def _context(report):
    profile = Profile.objects.current()
    return {"report": report, "profile": profile, "VVG_NAME": profile.display_name, "status_rule": status_rule()}


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
        data_fingerprint(),  # the profile (name, logo, statement) is part of it
    )

    def build():
        with translation.override(lang):
            report = selectors.strategy_report(
                strategy, as_of=as_of, period_start=period_start, period_end=period_end, board=board
            )
            return render_pdf(STRATEGY_TEMPLATE, _context(report))

    filename = f"vps-{strategy.code}-{as_of.isoformat()}-{variant}-{lang}.pdf"
    return Pdf(_cached(key, build), filename)


def annual_report_pdf(strategy, year, *, lang=None, board=False):
    """The annual report of `year` as a Pdf (as of its 31 December); raises AnnualReportError for a bad year."""
    lang = lang or translation.get_language() or settings.LANGUAGE_CODE
    variant = "board" if board else "public"
    selectors.check_annual_year(strategy, year)
    key = _cache_key("annual", strategy.pk, year, lang, variant, settings.VVG_NAME, data_fingerprint())

    def build():
        with translation.override(lang):
            report = selectors.annual_report(strategy, year, board=board)
            return render_pdf(ANNUAL_TEMPLATE, _context(report))

    filename = f"metine-ataskaita-{strategy.code}-{year}-{variant}-{lang}.pdf"
    return Pdf(_cached(key, build), filename)


def project_report_pdf(project, *, as_of=None, lang=None, board=False):
    """One project's report as a Pdf; the board's version lists its pending reports apart."""
    lang = lang or translation.get_language() or settings.LANGUAGE_CODE
    as_of = as_of or timezone.localdate()
    variant = "board" if board else "public"
    key = _cache_key("project", project.pk, as_of, lang, variant, data_fingerprint())

    def build():
        with translation.override(lang):
            report = selectors.project_report(project, as_of=as_of, board=board)
            return render_pdf(PROJECT_TEMPLATE, _context(report))

    filename = f"projektas-{project.slug}-{as_of.isoformat()}-{variant}-{lang}.pdf"
    return Pdf(_cached(key, build), filename)


def in_background(strategy):
    """Whether the strategy's report is rendered by the task worker: it has more counted projects than the limit."""
    return Project.objects.filter(node__strategy=strategy).counted().count() > settings.PDF_BACKGROUND_PROJECTS


def _iso(day):
    return day.isoformat() if day else None


def report_params(strategy, *, as_of=None, period_start=None, period_end=None, lang=None, board=False):
    """What a strategy report asks, as JSON-ready values: the background job keeps them for the task."""
    return {
        "report": "strategy",
        "strategy": strategy.pk,
        "as_of": _iso(as_of or timezone.localdate()),
        "period_start": _iso(period_start),
        "period_end": _iso(period_end),
        "lang": lang or translation.get_language() or settings.LANGUAGE_CODE,
        "board": board,
    }


def annual_params(strategy, year, *, lang=None, board=False):
    """What an annual report asks, as JSON-ready values (the year is checked first, as annual_report_pdf does)."""
    selectors.check_annual_year(strategy, year)
    return {
        "report": "annual",
        "strategy": strategy.pk,
        "year": year,
        "lang": lang or translation.get_language() or settings.LANGUAGE_CODE,
        "board": board,
    }


def report_key(params):
    """The key of the background job for `params`: equal while the question and the data stay the same."""
    return job_key("pdf", json.dumps(params, sort_keys=True), settings.VVG_NAME, data_fingerprint())


def report_filename(params, strategy):
    variant = "board" if params["board"] else "public"
    if params["report"] == "annual":
        return f"metine-ataskaita-{strategy.code}-{params['year']}-{variant}-{params['lang']}.pdf"
    return f"vps-{strategy.code}-{params['as_of']}-{variant}-{params['lang']}.pdf"


def render_report_from(params, report):
    """The Outcome of rendering the report `params` ask; `report(percent, stage)` hears how far it is."""
    strategy = Strategy.objects.get(pk=params["strategy"])
    with translation.override(params["lang"]):
        report(5, gettext_noop("Gathering the figures"))
        if params["report"] == "annual":
            data = selectors.annual_report(strategy, params["year"], board=params["board"])
            template = ANNUAL_TEMPLATE
        else:
            names = ("as_of", "period_start", "period_end")
            day = {name: params[name] and datetime.date.fromisoformat(params[name]) for name in names}
            data = selectors.strategy_report(strategy, board=params["board"], **day)
            template = STRATEGY_TEMPLATE
        report(20, gettext_noop("Writing the pages"))
        html = render_html(template, _context(data))
    # WeasyPrint says nothing while it works: the bar moves towards 95 % on an estimate from the HTML's length.
    expected = max(5.0, len(html) / HTML_BYTES_PER_SECOND)

    def waiting(seconds):
        report(35 + 60 * (1 - math.exp(-seconds / expected)), gettext_noop("Laying out the pages"))

    waiting(0)
    # In a forked child: what WeasyPrint takes for hundreds of pages goes back to the system when it ends.
    content = in_child_process(html_to_pdf, html, on_wait=waiting)
    return Outcome(content=content, filename=report_filename(params, strategy), content_type="application/pdf")
