"""Join codes: drawing unique ones, normalising what students type, and the QR code.

A code is unique among open classrooms (a database constraint); drawing a
fresh one retries on the rare collision instead of checking first, so two
teachers creating classrooms at the same moment cannot both get the same code.
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from classroom.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Classroom, new_join_code

MAX_CODE_ATTEMPTS = 20


class CodeExhausted(RuntimeError):
    """No free join code was found after many draws (practically impossible)."""


def normalise_code(typed: str) -> str:
    """Return a typed code in canonical form: upper case, letters and digits only."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def looks_like_a_code(code: str) -> bool:
    """Tell whether a normalised code is one that is drawn now (length and alphabet)."""
    return len(code) == JOIN_CODE_LENGTH and all(ch in JOIN_CODE_ALPHABET for ch in code)


def save_with_fresh_code(classroom: Classroom, draw: Callable[[], str] = new_join_code) -> None:
    """Give `classroom` a new join code and save it, retrying while the code is taken."""
    for _ in range(MAX_CODE_ATTEMPTS):
        classroom.join_code = draw()
        try:
            # A savepoint, so a collision leaves any outer transaction usable.
            with transaction.atomic():
                classroom.save()
        except IntegrityError:
            if classroom.join_code in open_codes():
                continue
            raise
        return
    raise CodeExhausted("no free join code found; try again")


def open_codes() -> set[str]:
    """Return the join codes in use by open classrooms."""
    return set(Classroom.objects.filter(archived=False).values_list("join_code", flat=True))


def join_path(code: str) -> str:
    """Return the short join link's path, which pre-fills the code."""
    return reverse("join-link", args=[code])


def join_url(request: HttpRequest, code: str) -> str:
    """Return the absolute join link as students' phones will reach it."""
    return request.build_absolute_uri(join_path(code))


def qr_svg(url: str) -> SafeString:
    """Return an inline SVG QR code of `url` (made here; no outside service)."""
    qr = segno.make(url, error="m")
    # segno writes only path data and our attributes, never the URL text itself.
    return mark_safe(
        qr.svg_inline(
            scale=8, dark="#1b2430", light="#ffffff", omitsize=True, svgclass="qr", lineclass=None
        )
    )
