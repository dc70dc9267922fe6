"""Long lines laid out the way black lays them out, before black runs.

black formats a file in one pass when that pass changes nothing, and in two when it does (the
second pass settles magic trailing commas). Templates write each statement on one line, so every
file with a line over 88 columns took both passes. Here the long lines of the shapes generated
code uses are split as black splits them, so that black's first pass usually finds nothing to do:

- a statement or an element whose last bracket can take the split (`x = f(a, b)`, `"k": {...},`):
  head up to the bracket, then the contents on one indented line when they fit and the bracket is
  a call's or a subscript's, otherwise one element per line with a trailing comma (always so for
  a list, dict, set or tuple display), each element split again the same way if still too long;
- an `assert` of one comparison: wrapped in parentheses, then split before the operator.

Anything else is left as it is. black still runs on every file and has the last word: a shape
laid out differently from black only costs its second pass, and the tests check that what this
module produces is what black produces.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

from black.strings import str_width

LINE_LENGTH = 88
_INDENT = "    "
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
_COMPARISONS = frozenset(("==", "!=", "<", "<=", ">", ">=", "in", "is"))
# Top-level words inside a bracket that make its contents something other than a plain list of
# elements (a comprehension, a lambda, a conditional expression).
_NOT_A_LIST = frozenset(("for", "lambda", "if", "else", "async", "await", "yield"))
# Statements whose line this module never splits (black's rules for them differ).
_HEADERS = frozenset(
    (
        "def", "class", "if", "elif", "else", "for", "while", "with", "try", "except",
        "finally", "async", "match", "case", "import", "from", "global", "nonlocal",
        "del", "raise", "lambda", "@",
    )
)  # fmt: skip


def relayout(text: str) -> str:
    """`text` (Python source) with each long line of a shape black splits predictably split as
    black would split it."""
    lines = text.split("\n")
    # nothing to do, strings not tracked here, or black told to keep out
    if not any(map(_too_long, lines)) or "'''" in text or "fmt:" in text:
        return text
    out: list[str] = []
    in_string = False
    for line in lines:
        quotes = line.count('"""')
        if not in_string and not quotes and _too_long(line):
            out.append(_split_line(line))
        else:
            out.append(line)
        in_string ^= quotes % 2 == 1
    return "\n".join(out)


def _too_long(line: str) -> bool:
    return str_width(line) > LINE_LENGTH


def _split_line(line: str) -> str:
    """One long line (outside any triple-quoted string) split, or as it is."""
    code = line.lstrip(" ")
    indent = len(line) - len(code)
    tokens = _tokens(code)
    if not tokens or any(t.kind == tokenize.COMMENT for t in tokens):
        return line
    if tokens[-1].text == "," and len(tokens) > 1:  # an element of a split bracket
        split = _split_element(code[: tokens[-1].start].rstrip(), indent, ",")
        return line if split is None else " " * indent + split
    return _split_statement(line, code, indent, tokens)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: int
    text: str
    # columns in the code (the line without its indent)
    start: int
    end: int


def _tokens(code: str) -> list[_Token] | None:
    try:
        found = [
            _Token(t.type, t.string, t.start[1], t.end[1])
            for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type
            not in (
                tokenize.NEWLINE,
                tokenize.NL,
                tokenize.ENDMARKER,
                tokenize.ENCODING,
            )
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return found


def _split_statement(line: str, code: str, indent: int, tokens: list[_Token]) -> str:
    if tokens[0].text == "from" and not any(t.text == "(" for t in tokens):
        return _split_import(line, code, indent, tokens)
    if tokens[0].text in _HEADERS or code.endswith(":"):
        return line
    if tokens[0].text == "assert":
        split = _split_assert(code, tokens, indent)
    else:
        value = _assigned_value(tokens)
        if value is None:
            return line
        if value == len(tokens) - 1 and value > 0:
            split = _parenthesized(code, tokens[value], indent)
        elif _ends_in_a_trailer_chain(tokens[value:]):
            split = _split_at_last_bracket(code, tokens, indent, "")
        else:
            return line
    return line if split is None else " " * indent + split


def _parenthesized(code: str, value: _Token, indent: int) -> str | None:
    """`x = <one long string>`: black wraps it in parentheses on a line of its own when it
    fits there (always, after an annotation), and otherwise leaves the line long."""
    atom = code[value.start :]
    inner = " " * (indent + len(_INDENT))
    # black wraps an annotated one even if too long
    annotated = ":" in code[: value.start]
    if value.kind != tokenize.STRING or (not annotated and _too_long(inner + atom)):
        return None
    return f"{code[: value.start]}(\n{inner}{atom}\n{' ' * indent})"


def _split_import(line: str, code: str, indent: int, tokens: list[_Token]) -> str:
    """`from m import a, b` too long: black puts each name on its own line, in parentheses."""
    at = next((i for i, t in enumerate(tokens) if t.text == "import"), None)
    if at is None or at + 1 >= len(tokens) or tokens[at + 1].text == "*":
        return line
    names = _elements(code, tokens[at + 1 :])
    head = code[: tokens[at].end]
    if not names:
        return line
    pad = " " * indent
    inner = pad + _INDENT
    listed = "".join(f"{inner}{name},\n" for name in names)
    return f"{pad}{head} (\n{listed}{pad})"


def _top_level(tokens: list[_Token]) -> Iterator[tuple[int, _Token]]:
    """The tokens outside every bracket (brackets excluded), with their indexes."""
    depth = 0
    for index, token in enumerate(tokens):
        if token.text in _OPENING:
            depth += 1
        elif token.text in _CLOSING:
            depth -= 1
        elif depth == 0:
            yield index, token


def _assigned_value(tokens: list[_Token]) -> int | None:
    """Where the expression black may split starts: after `=` or `return`, or the whole
    statement when it is an expression; None for a statement shape not handled here."""
    for index, token in _top_level(tokens):
        if token.kind == tokenize.OP and token.text.endswith("="):
            if token.text not in ("=", "==", "!=", "<=", ">="):
                return None  # an augmented assignment
            if token.text == "=":
                return index + 1
    if tokens[0].text == "return":
        return 1
    if tokens[0].text == "await":
        return 0
    if tokens[0].kind == tokenize.NAME and keyword.iskeyword(tokens[0].text):
        return None
    return 0


def _ends_in_a_trailer_chain(tokens: list[_Token]) -> bool:
    """Whether an expression is one name or display followed by calls, subscripts and at most
    one attribute after a call (`f(x)`, `a.b.c(x)`, `{...}`, `T(x).dump(y)`) and ends with a
    bracket: black then splits at its last bracket rather than wrapping it in parentheses.
    """
    if tokens and tokens[0].text == "await":
        tokens = tokens[1:]
    if not tokens or tokens[-1].text not in _CLOSING:
        return False
    depth = 0
    dots_after_call = 0
    previous = ""
    for token in tokens:
        if depth == 0:
            if token.kind == tokenize.OP and token.text not in _OPENING:
                if token.text != ".":
                    return False
                if previous in _CLOSING:
                    dots_after_call += 1
            elif token.kind not in (tokenize.NAME, tokenize.OP):
                return False
            elif token.kind == tokenize.NAME and keyword.iskeyword(token.text):
                if token.text not in ("None", "True", "False"):
                    return False
        if token.text in _OPENING:
            depth += 1
        elif token.text in _CLOSING:
            depth -= 1
        previous = token.text
    return dots_after_call <= 1


def _split_at_last_bracket(
    code: str, tokens: list[_Token], indent: int, tail: str
) -> str | None:
    """`code` (its `tokens`, at `indent`, followed by `tail` on its last line) split at its
    last bracket, or None when black would not split it that way."""
    if not tokens or tokens[-1].text not in _CLOSING:
        return None
    closing = len(tokens) - 1
    opening = _matching_opening(tokens, closing)
    if opening is None:
        return None
    head = code[: tokens[opening].end]
    body_tokens = tokens[opening + 1 : closing]
    end = code[tokens[closing].start :] + tail
    pad = " " * indent
    if not body_tokens or _too_long(pad + head) or _too_long(pad + end):
        return None
    elements = _elements(code, body_tokens)
    if elements is None:
        return None
    bracket = tokens[opening].text
    before = tokens[opening - 1] if opening else None
    is_trailer = before is not None and (
        before.text in _CLOSING
        or (before.kind == tokenize.NAME and not keyword.iskeyword(before.text))
    )
    magic_comma = body_tokens[-1].text == ","
    # black puts each element of a display on its own line once it splits it
    one_per_line = magic_comma or (not is_trailer and len(elements) > 1)
    inner = " " * (indent + len(_INDENT))
    body = ", ".join(elements)
    if not one_per_line and not _too_long(inner + body):
        return f"{head}\n{inner}{body}\n{pad}{end}"
    if len(elements) == 1 and not magic_comma:
        split = _split_element(elements[0], indent + len(_INDENT), "")
        return None if split is None else f"{head}\n{inner}{split}\n{pad}{end}"
    if bracket == "[" and is_trailer:
        return None  # a subscript: black's trailing-comma rules differ there
    lines = [head]
    for element in elements:
        if _too_long(inner + element + ","):
            split = _split_element(element, indent + len(_INDENT), ",")
            lines.append(inner + (split if split is not None else element + ","))
        else:
            lines.append(f"{inner}{element},")
    lines.append(pad + end)
    return "\n".join(lines)


def _split_element(element: str, indent: int, tail: str) -> str | None:
    """An element too long for its line (`name=f(...)`, `"key": {...}`, `f(...)`), split at
    its last bracket when its value is a call chain or a display; None otherwise."""
    tokens = _tokens(element)
    if not tokens:
        return None
    if len(tokens) > 2 and tokens[0].kind == tokenize.NAME and tokens[1].text == "=":
        value = 2
    else:
        colon = next((i for i, t in _top_level(tokens) if t.text == ":"), None)
        value = 0 if colon is None else colon + 1
    if not _ends_in_a_trailer_chain(tokens[value:]):
        return None
    return _split_at_last_bracket(element, tokens, indent, tail)


def _matching_opening(tokens: list[_Token], closing: int) -> int | None:
    depth = 0
    for index in range(closing, -1, -1):
        text = tokens[index].text
        if text in _CLOSING:
            depth += 1
        elif text in _OPENING:
            depth -= 1
            if depth == 0:
                return index
    return None


def _elements(code: str, tokens: list[_Token]) -> list[str] | None:
    """The comma-separated elements of a bracket's contents, or None when they are not a plain
    list (a comprehension, a lambda, a conditional)."""
    elements: list[str] = []
    start = tokens[0].start
    for _, token in _top_level(tokens):
        if token.kind == tokenize.NAME and token.text in _NOT_A_LIST:
            return None
        if token.text == ",":
            elements.append(code[start : token.start].strip())
            start = token.end
    last = code[start : tokens[-1].end].strip()
    if last:
        elements.append(last)
    return elements if all(elements) else None


def _split_assert(code: str, tokens: list[_Token], indent: int) -> str | None:
    """`assert left OP right`: black wraps the test in parentheses and, if it still does not fit,
    puts the operator at the start of the second line."""
    operators = [
        index
        for index, token in _top_level(tokens)
        if index > 0
        and (token.text in _COMPARISONS or token.text in ("not", ",", "and", "or"))
    ]
    if len(operators) != 1 or tokens[operators[0]].text not in _COMPARISONS:
        return None
    operator = tokens[operators[0]]
    test = code[tokens[1].start :]
    pad = " " * indent
    inner = " " * (indent + len(_INDENT))
    if not _too_long(inner + test):
        return f"assert (\n{inner}{test}\n{pad})"
    left = code[tokens[1].start : operator.start].rstrip()
    right = code[operator.start :]
    return f"assert (\n{inner}{left}\n{inner}{right}\n{pad})"
