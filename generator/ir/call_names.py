"""Where an operation lives and what it is called, as words: `sdk.<resource>.<method>`.

The rule is language-neutral: it takes the path, the HTTP method, the operationId and the tags as
the document writes them, and gives the resource levels (document text, one per level) and the
method's candidate names (lists of lower-case words, best first). A target spells them (snake_case,
reserved names) and picks the first candidate still free in the resource (`paths`).

Resource. The path's static segments before its last path parameter, after a leading `api`,
`rest` or version segment (`v1`, `v1beta1`, `2010-04-01`, `3`; a `v2` further in goes too):
`/api/v1/llm/responses/{id}/cancel` -> `llm.responses`. A format suffix or segment
(`Accounts.json`, `/containers/json`) is dropped; a path made of one dotted segment
(`/admin.apps.approve`) is split at its dots. A static segment after the first that starts with a
verb (`login`, `findByStatus`; not a PascalCase noun like `AddOnResults`) ends the resource: it and
the static segments after it are the action (`/company/search/name/{c}/{n}` -> `company` +
`search name`). So is a `noun:verb` last segment (Google's custom methods), and, on a path with
no parameter, a last segment that is all the operationId says besides the resource
(`/conversations.history` + `conversations_history`). A lone action segment (`/_ping` +
`SystemPing`) takes the operation's first tag as its resource when the tag is another noun; a
path with no static segment takes the first tag.

Method. The action, when there is one. Otherwise the operationId's words, without a path it echoes
(`get-/a/{id}_getById`) or a capitalised grouping prefix before a verb (`Android_DeleteMAMPolicy`,
`CompanyController_GetCompany`), then without the resource's own nouns (each level once, deepest
first, singular or plural, or run together: `get-an-album` on `albums` -> `get an`; `getIssueType`
on `issuetype` -> `get`), filler (`a`, `an`, `the`; `my`, `user's`, `current user's` under `me`),
`by <words>` clauses that only name a path parameter (`getPetById` on `/pet/{petId}` -> `get`), a
bare `id` when the path has parameters, and a preposition left dangling at the end
(`getContextsForField` on `field` -> `get contexts`). A leading `post`/`put`/`patch` that repeats
the HTTP method goes when a verb follows it (`post_files_id_copy` -> `copy`). `get` alone for an
operationId that names the resource in the plural on a collection is `list`. When nothing is left,
or there is no operationId: `list` (a collection GET), `get`, `create`, `update`, `delete`, with the
static words after the last path parameter (`GET /pets/{id}/toys` -> `list toys`;
`POST /jobs/{id}/cancel` -> `cancel`).

Fallbacks, for when that name is taken in the resource: the operationId without the resource's
words only, then the whole operationId. Only after those does the target number the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .words import noun_forms, plural, singular, words

_VERSION_SEGMENT = re.compile(
    r"^(v\d+([._]\d+)*|v\d+(p\d+)?(alpha|beta)\d*|\d{4}-\d{2}-\d{2}|\d+(\.\d+)*)$"
)
_PREFIXES = frozenset({"api", "rest"})
_FORMAT_SUFFIX = re.compile(r"(?<=[^.{])\.(json|xml|csv|txt|ya?ml|html|pdf)$", re.I)
_FORMAT_SEGMENTS = frozenset({"json", "xml"})
_PLACEHOLDER = re.compile(r"\{([^}]*)\}")
# `Prefix_verbPhrase` / `Prefix.verbPhrase`, the prefix spelled with a capital (so not snake_case).
_GROUP_PREFIX = re.compile(r"([A-Za-z0-9]*[A-Z][A-Za-z0-9]*)[._]([A-Za-z][A-Za-z0-9]*)")
_PREPOSITIONS = frozenset({"by", "for", "from", "in", "of", "on", "to", "with"})
_FILLER = frozenset({"a", "an", "the"})
# A segment starting with one of these is an action, not a resource (`/user/login`,
# `/pet/findByStatus`, `/configs/create`). Nouns that are also verbs (`status`, `order`) stay out.
VERBS = frozenset(
    """get list find search query lookup fetch retrieve count contains exists check
    create add insert post put set update patch edit modify change replace upsert rename move copy
    delete remove destroy clear purge prune reset cancel abort
    approve reject deny accept decline confirm verify validate test ping
    archive unarchive restore publish unpublish mark unmark pin unpin star unstar
    start stop restart pause unpause resume kill run execute trigger submit send resend
    enable disable activate deactivate refresh revoke grant assign unassign attach detach
    upload download import export sync merge close open lock unlock
    invite join leave kick subscribe unsubscribe follow unfollow block unblock mute unmute
    login logout signin signout signup register authorize authenticate generate preview render
    convert play skip seek retry rerun""".split()
)
_DEFAULT_VERBS = {
    "get": "get",
    "put": "update",
    "patch": "update",
    "post": "create",
    "delete": "delete",
}


@dataclass(frozen=True, slots=True)
class CallName:
    """The resource levels (document text) and the method's candidate names (words), best first."""

    resource: tuple[str, ...]
    methods: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class _Segment:
    text: str
    parameter: bool


def call_name(
    path: str,
    http_method: str,
    operation_id: str,
    tags: tuple[str, ...] = (),
    resource: tuple[str, ...] | None = None,
) -> CallName:
    """Resource and method words for one operation. `resource` (an override) replaces the
    derived resource, and then only a `noun:verb` segment is read as an action."""
    segments, action = _segments(path)
    op_words = _operation_words(operation_id, path)
    if resource is None:
        group, action = _resource(segments, action, op_words, tags)
    else:
        group = list(resource)
    last_parameter = max((i for i, s in enumerate(segments) if s.parameter), default=-1)
    tail = [
        w for s in segments[max(last_parameter, 0) :] for w in words(_static(s.text))
    ]
    methods = _methods(
        op_words,
        [words(level) for level in group],
        ["".join(words(name)) for name in _PLACEHOLDER.findall(path)],
        http_method,
        (
            tail if last_parameter >= 0 else [],
            bool(segments) and segments[-1].parameter,
        ),
    )
    if action is not None and words(action):
        methods = [words(action), *methods]
    return CallName(tuple(group), _unique(methods))


def _resource(
    segments: list[_Segment],
    action: str | None,
    op_words: list[str],
    tags: tuple[str, ...],
) -> tuple[list[str], str | None]:
    """The resource levels, and the action segment(s) when the path ends in one."""
    last_parameter = max((i for i, s in enumerate(segments) if s.parameter), default=-1)
    if last_parameter < 0:
        group = [s.text for s in segments]
    else:
        group = [s.text for s in segments[:last_parameter] if not s.parameter]
    verb = next((i for i, text in enumerate(group) if i and _verb_first(text)), None)
    if action is None and verb is not None:
        # `/user/login`, `/pet/findByStatus`, `/company/search/name/{country}/{name}`: a verb
        # ends the resource; it and the static segments after it name the method.
        group, action = group[:verb], " ".join(group[verb:])
    elif action is None and last_parameter < 0 and group:
        group, action = _split_action(group, op_words, tags)
    if not group and action is not None and segments and not segments[-1].parameter:
        # `/{parent}/files:annotate`: the noun before the custom verb is the resource.
        group = [*tags[:1], segments[-1].text]
    if not group and tags:
        group = [tags[0]]
    return group, action


def _operation_words(operation_id: str, path: str) -> list[str]:
    """The words of what an operationId says, without a path it echoes
    (`post-/a/{id}/b_create` -> `create`) or a grouping prefix before a verb
    (`Ios_GetAppForMAMPolicy`, `LettingsController_GetAll`, `AddonResource.getAddon`).
    """
    at = operation_id.find(path) if len(path) > 1 else -1
    rest = operation_id[at + len(path) :] if at >= 0 else ""
    found = words(rest)
    if not found:
        prefixed = _GROUP_PREFIX.fullmatch(operation_id)
        named = words(prefixed.group(2)) if prefixed else []
        if named[:1] and named[0] in VERBS:
            return named
        return words(operation_id)
    if found[0] == "do" and found[1:2] and found[1] in VERBS:
        found = found[1:]  # `doSearch`
    return found


def _segments(path: str) -> tuple[list[_Segment], str | None]:
    """The path's segments after its prefix, and a `noun:verb` custom method's verb."""
    texts = [s for s in path.split("/") if s]
    while texts and (texts[0].lower() in _PREFIXES or _VERSION_SEGMENT.match(texts[0])):
        texts.pop(0)
    action = None
    if texts and ":" in texts[-1]:
        head, verb = texts[-1].rsplit(":", 1)
        if words(verb) and "{" not in verb:
            texts[-1], action = head, verb
    texts = [
        _FORMAT_SUFFIX.sub("", t)
        for t in texts
        if t and not (t[:1] in "vV" and _VERSION_SEGMENT.match(t.lower()))
    ]
    if len(texts) == 1 and "." in texts[0] and "{" not in texts[0]:
        texts = [part for part in texts[0].split(".") if part]
    kept = [t for t in texts if t and t.lower() not in _FORMAT_SEGMENTS]
    return [_Segment(t, "{" in t) for t in kept or texts], action


def _split_action(
    group: list[str], op_words: list[str], tags: tuple[str, ...]
) -> tuple[list[str], str | None]:
    """`group` without its last segment and that segment, when the segment is an action."""
    *parents, last = group
    last_words = words(last)
    if parents:
        if _is_action(last, [words(p) for p in parents], op_words):
            return parents, last
        return group, None
    tag = tags[0] if tags else ""
    tag_words = words(tag)
    if tag_words and not _same_noun(tag_words, last_words):
        if _is_action(last, [tag_words], op_words):
            return [tag], last
    return group, None


def _verb_first(segment: str) -> bool:
    """`login`, `Search`, `findByStatus`; not `AddOnResults` (a PascalCase run is a noun)."""
    found = words(segment)
    if not found or found[0] not in VERBS:
        return False
    return len(found) == 1 or segment[:1].islower()


def _is_action(text: str, resource: list[list[str]], op_words: list[str]) -> bool:
    """A verb, or all the operationId says besides the resource (`users.info` + `users_info`)."""
    segment = words(text)
    if not segment:
        return False
    if _verb_first(text):
        return True
    return _without_filler(_without_resource(op_words, resource)) == segment


def _methods(
    op_words: list[str],
    resource: list[list[str]],
    parameters: list[str],
    http_method: str,
    tail: tuple[list[str], bool],
) -> list[list[str]]:
    if not op_words:
        return [_default(http_method, *tail)]
    without_resource = _without_resource(op_words, resource)
    short = _without_filler(without_resource)
    if ["me"] in resource:
        short = _without_me(short)
    short = _without_parameter_clauses(short, parameters)
    if parameters:
        short = _dropped(short, lambda w: w == "id")
    while len(short) > 1 and short[-1] in _PREPOSITIONS:
        short = short[:-1]  # `getContextsForField` on `field` -> `get contexts`
    if short[:1] == [http_method] and http_method in ("post", "put", "patch"):
        # A mechanical operationId (`post_files_id_copy`, `put_files_id`).
        if len(short) == 1:
            short = []
        elif short[1] in VERBS:
            short = short[1:]
    tail_words, ends_with_parameter = tail
    if (
        short == ["get"]
        and not ends_with_parameter
        and not tail_words
        and resource
        and _names_plural(op_words, resource[-1])
    ):
        short = ["list"]  # `getIssueLinkTypes` on `/issueLinkType`
    return [short or _default(http_method, *tail), without_resource, op_words]


def _without_me(found: list[str]) -> list[str]:
    """Under a `me` resource, `my`, `user's` and `current user's` say nothing."""
    kept: list[str] = []
    for index, word in enumerate(found):
        after = found[index + 1 : index + 2]
        if word in ("my", "user", "users") or (
            word == "current" and after in (["user"], ["users"])
        ):
            continue
        kept.append(word)
    return kept if kept else found


def _names_plural(op_words: list[str], level: list[str]) -> bool:
    """Whether the operationId names the resource in the plural (`getIssueLinkTypes`)."""
    if not level:
        return False
    many = [*level[:-1], plural(singular(level[-1]))]
    return (
        _find(op_words, many) is not None or _run(op_words, "".join(many)) is not None
    )


def _default(
    http_method: str, tail_words: list[str], ends_with_parameter: bool
) -> list[str]:
    """`list`/`get`/`create`/`update`/`delete`, with what follows the last path parameter."""
    plural = bool(tail_words) and singular(tail_words[-1]) != tail_words[-1]
    if http_method == "get" and not tail_words:
        return ["get"] if ends_with_parameter else ["list"]
    if http_method == "get":
        return ["list" if plural else "get", *tail_words]
    if http_method == "post" and tail_words[:1] in ([verb] for verb in VERBS):
        return tail_words
    return [_DEFAULT_VERBS.get(http_method, http_method), *tail_words]


def _without_resource(op_words: list[str], resource: list[list[str]]) -> list[str]:
    """The words without each resource level's noun (deepest level first, once each, singular
    or plural); a noun that is the whole name stays when it is a verb (`search` on `/search`).
    """
    found = list(op_words)
    for level in reversed(resource):
        for form in noun_forms(level) if level else ():
            span = _find_span(found, form)
            if span is None:
                continue
            remaining = found[: span[0]] + found[span[1] :]
            if remaining or form[0] not in VERBS:
                found = remaining
            break
    return found


def _find_span(found: list[str], form: list[str]) -> tuple[int, int] | None:
    """Where `form` is in `found`, as words or run together (`issuetype` in `get issue type`)."""
    start = _find(found, form)
    if start is not None:
        return start, start + len(form)
    return _run(found, "".join(form))


def _run(found: list[str], text: str) -> tuple[int, int] | None:
    """The first run of two or more words that spells `text`."""
    for start in range(len(found)):
        spelled = found[start]
        for end in range(start + 1, len(found)):
            spelled += found[end]
            if spelled == text:
                return start, end + 1
            if not text.startswith(spelled):
                break
    return None


def _without_filler(found: list[str]) -> list[str]:
    return _dropped(found, lambda w: w in _FILLER)


def _without_parameter_clauses(found: list[str], parameters: list[str]) -> list[str]:
    """Without `by <words>` when the words only end a path parameter's name (`ById`, `ByName`
    for `{username}`, `ByIdAction` for `{idAction}`)."""
    kept: list[str] = []
    index = 0
    while index < len(found):
        if found[index] == "by":
            end = next(
                (j for j in range(index + 1, len(found)) if found[j] == "by"),
                len(found),
            )
            named = "".join(found[index + 1 : end])
            if named and any(p.endswith(named) for p in parameters):
                index = end
                continue
        kept.append(found[index])
        index += 1
    return kept if kept else found


def _dropped(found: list[str], drop: Callable[[str], bool]) -> list[str]:
    kept = [w for w in found if not drop(w)]
    return kept if kept else found


def _find(haystack: list[str], needle: list[str]) -> int | None:
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start : start + len(needle)] == needle:
            return start
    return None


def _same_noun(a: list[str], b: list[str]) -> bool:
    return any(form == b for form in noun_forms(a))


def _static(text: str) -> str:
    """A segment without its parameters: `thumbnail.{extension}` -> `thumbnail. `."""
    return _PLACEHOLDER.sub(" ", text)


def _unique(methods: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    found: list[tuple[str, ...]] = []
    for method in methods:
        if method and tuple(method) not in found:
            found.append(tuple(method))
    return tuple(found)
