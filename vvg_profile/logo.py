"""Checking an uploaded logo: PNG or JPEG that really is one, or an SVG reduced to drawing only.

An SVG is a document that can carry scripts, event handlers and links to other sites. The logo is shown
in an <img> (where none of that runs), but anyone can open the file itself, so it is rebuilt from an
allow-list of drawing elements and attributes: scripts, `on…` handlers, foreign objects, animations and
every reference outside the file are dropped. defusedxml refuses entities and DTDs (billion laughs, XXE); the
same multiplication built of <use> references is counted and refused, and a picture embedded in it is held to
the limits of an uploaded one.
"""

import base64
import io
import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 1024 * 1024  # a logo is small; 1 MB is generous
MAX_PIXELS = 4000 * 4000
MAX_DEPTH = 100  # elements inside elements; a drawing needs a handful, and cleaning and writing recurse
# Elements drawn once every <use> is followed: a few <use> of <use> of… multiply (ten of ten of ten…), and the
# PDFs, which draw the logo, would take minutes. A logo draws some hundreds.
MAX_DRAWN = 20_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title",
    "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use", "symbol", "style",
    "image",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "style", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "viewBox", "preserveAspectRatio", "points", "transform", "version", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "clip-path", "clip-rule", "clipPathUnits", "mask",
    "maskUnits", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "letter-spacing", "word-spacing", "display", "visibility", "color", "dx", "dy", "rotate", "textLength",
    "href", "role", "aria-label", "focusable",
}  # fmt: skip
# url(...) may point only inside the file (url(#gradient)); nothing may import or run anything.
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_FORBIDDEN_TEXT = re.compile(r"@import|javascript:|expression\s*\(|behavior\s*:|-moz-binding", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$")


def _local(name):
    return name.rsplit("}", 1)[-1]


def _namespace(name):
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def _safe_value(value):
    return not _EXTERNAL_URL.search(value) and not _FORBIDDEN_TEXT.search(value)


def _clean_element(element):
    for child in list(element):
        if not isinstance(child.tag, str) or _namespace(child.tag) != SVG_NS or _local(child.tag) not in ELEMENTS:
            element.remove(child)
            continue
        _clean_element(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        namespace, local = _namespace(name), _local(name)
        href = local == "href" and namespace in ("", XLINK_NS)
        if href:
            is_image = _local(element.tag) == "image"
            allowed = value.startswith("#") or (is_image and _DATA_IMAGE.match(value))
            if allowed:
                continue
        elif namespace == XML_NS and local == "space" or namespace == "" and local in ATTRIBUTES and _safe_value(value):
            continue
        del element.attrib[name]
    if _local(element.tag) == "style" and element.text and not _safe_value(element.text):
        element.text = ""


def _depth(root):
    """How many levels of elements `root` holds (itself is 1), counted without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


class _Unbounded(Exception):
    """A <use> that leads back into itself, or references chained deeper than MAX_DEPTH."""


def _drawn(root):
    """How many elements `root` draws with every <use> followed, counted up to just past MAX_DRAWN.

    None when a <use> leads back into itself or the references run deeper than MAX_DEPTH (a loop or a chain no
    drawing needs).
    """
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes, open_ = {}, set()

    def size(element, depth):
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in open_ or depth > MAX_DEPTH:
            raise _Unbounded
        open_.add(key)
        total = 1
        if _local(element.tag) == "use":
            href = element.get("href") or element.get(f"{{{XLINK_NS}}}href") or ""
            target = by_id.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                total += size(target, depth + 1)
        for child in element:
            total += size(child, depth + 1)
            if total > MAX_DRAWN:
                break
        open_.discard(key)
        sizes[key] = total
        return total

    try:
        return size(root, 1)
    except _Unbounded:
        return None


def _raster(content):
    """(kind, width, height) of a PNG or JPEG picture; None for anything else or a picture that cannot be read."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    return (kind, width, height) if kind in ("PNG", "JPEG") else None


def _check_picture(data_url):
    """A PNG or JPEG embedded as data: within the pixels an uploaded picture may have."""
    try:
        picture = _raster(base64.b64decode(data_url.split(",", 1)[1]))
    except ValueError:  # not base64
        picture = None
    if picture is None:
        raise ValidationError(_("A picture embedded in the SVG is not a readable PNG or JPEG."), code="invalid_svg")
    _kind, width, height = picture
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("A picture embedded in the SVG is %(width)s × %(height)s pixels; at most %(limit)s pixels are allowed."),
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": MAX_PIXELS},
        )


def sanitise_svg(content):
    """The SVG `content` (bytes) kept to its drawing, as UTF-8 bytes; ValidationError when it is no SVG."""
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise ValidationError(_("The file is not a valid SVG image."), code="invalid_svg") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(_("The file is not an SVG image: its root element is not <svg>."), code="invalid_svg")
    depth = _depth(root)
    if depth > MAX_DEPTH:
        raise ValidationError(
            _("The SVG nests its elements %(depth)s levels deep; at most %(limit)s are allowed."),
            code="too_deep",
            params={"depth": depth, "limit": MAX_DEPTH},
        )
    drawn = _drawn(root)
    if drawn is None:
        raise ValidationError(
            _("The SVG's <use> references lead back into themselves or run too deep."), code="use_loop"
        )
    if drawn > MAX_DRAWN:
        raise ValidationError(
            _("The SVG draws more than %(limit)s elements once its <use> references are followed."),
            code="too_many_elements",
            params={"limit": MAX_DRAWN},
        )
    _clean_element(root)
    for element in root.iter(f"{{{SVG_NS}}}image"):
        href = element.get("href") or element.get(f"{{{XLINK_NS}}}href")
        if href:  # what cleaning kept: a data: PNG or JPEG
            _check_picture(href)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def checked_logo(name, content):
    """(extension, bytes) of an uploaded logo: PNG and JPEG as they are, SVG sanitised.

    Raises ValidationError naming the file and what is wrong with it.
    """
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("The logo “%(name)s” is %(size)s KB; it may be at most %(limit)s KB."),
            code="too_large",
            params={"name": name, "size": len(content) // 1024, "limit": MAX_BYTES // 1024},
        )
    head = content[:512].lstrip()
    if head.startswith(b"<") or name.lower().endswith(".svg"):
        return "svg", sanitise_svg(content)
    picture = _raster(content)
    if picture is None:
        raise ValidationError(
            _("The logo “%(name)s” is not a PNG, JPEG or SVG image."), code="invalid_image", params={"name": name}
        )
    kind, width, height = picture
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The logo “%(name)s” is %(width)s × %(height)s pixels; it may be at most 4000 × 4000."),
            code="too_many_pixels",
            params={"name": name, "width": width, "height": height},
        )
    return ("png" if kind == "PNG" else "jpg"), content
