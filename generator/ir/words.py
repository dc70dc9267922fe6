"""Words: any spelling split into lower-case words, and English noun forms by spelling.

Language-neutral: `call_names.py` decides names in words, and each target spells them
(`generator/naming.py` for Python).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")


def words(text: str) -> list[str]:
    """Split any spelling into lower-case words: `cancelResponse`, `X-On-Behalf-Of`, `HTTPServer`."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return [word.lower() for word in _WORD.findall(ascii_text)]


def singular(word: str) -> str:
    """An English noun's singular, by spelling only: `albums` -> `album`, `categories` ->
    `category`, `boxes` -> `box`; `status`, `address` and `analysis` stay."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("sses", "xes", "ches", "shes", "zes", "uses")):
        return word[:-2]
    if len(word) > 1 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """An English noun's plural, by spelling only: `album` -> `albums`, `category` ->
    `categories`, `status` -> `statuses`."""
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    return word + "s"


def noun_forms(noun: list[str]) -> list[list[str]]:
    """A noun's words as written, then with its last word singular, then plural (no repeats):
    `related artists` -> `related artists`, `related artist`."""
    if not noun:
        return []
    forms = [noun]
    one = singular(noun[-1])
    for form in (one, plural(one)):
        if noun[:-1] + [form] not in forms:
            forms.append(noun[:-1] + [form])
    return forms
