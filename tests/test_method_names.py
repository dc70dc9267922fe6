"""How operations become `sdk.<resource>.<method>`: the naming rule on real documents' spellings,
collisions, the two overrides, and stability when operations are added."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from generator.ir.call_names import call_name
from generator.ir.words import noun_forms, plural, singular

from .ir_support import OK, build, openapi, path_param


def call_paths(tmp_path: Path, paths: dict[str, Any]) -> list[str]:
    """Every operation's call path, in document order; path parameters are declared for you."""
    for path, item in paths.items():
        for operation in item.values():
            operation.setdefault("responses", {"204": OK})
            operation.setdefault(
                "parameters",
                [path_param(name) for name in re.findall(r"{(\w+)}", path)],
            )
    sdk, _ = build(tmp_path, openapi(paths=paths))
    return [o.call_path for o in sdk.operations]


# (path, HTTP method, operationId, tags, call path); each read in a document of its own.
CASES = [
    # Spotify: filler words and the resource's own noun (singular or plural) drop out.
    ("/albums/{id}", "get", "get-an-album", [], "albums.get"),
    ("/albums", "get", "get-multiple-albums", [], "albums.get_multiple"),
    ("/albums/{id}/tracks", "get", "get-an-albums-tracks", [], "albums.get_tracks"),
    (
        "/artists/{id}/related-artists",
        "get",
        "get-an-artists-related-artists",
        [],
        "artists.get_related_artists",
    ),
    ("/me/albums/contains", "get", "check-users-saved-albums", [], "me.albums.contains"),
    ("/me", "get", "get-current-users-profile", [], "me.get_profile"),
    # petstore: an action segment is the method, not a resource.
    ("/user/login", "get", "loginUser", [], "user.login"),
    ("/user/logout", "get", "logoutUser", [], "user.logout"),
    ("/pet/findByStatus", "get", "findPetsByStatus", [], "pet.find_by_status"),
    ("/user/createWithList", "post", "createUsersWithListInput", [], "user.create_with_list"),
    ("/pet/{petId}", "get", "getPetById", [], "pet.get"),  # `by <path parameter>` drops
    ("/user/{username}", "get", "getUserByName", [], "user.get"),
    ("/pet/{petId}", "post", "updatePetWithForm", [], "pet.update_with_form"),
    ("/store/inventory", "get", "getInventory", [], "store.inventory.get"),  # a noun stays
    ("/pet/findByTags", "get", "", [], "pet.find_by_tags"),
    # MKA1: unchanged.
    (
        "/api/v1/llm/responses/{response_id}/cancel",
        "post",
        "cancelResponse",
        [],
        "llm.responses.cancel",
    ),
    # list vs get when the operationId says nothing more (or there is none).
    ("/pets", "get", "listPets", [], "pets.list"),
    ("/pets", "get", "", [], "pets.list"),
    ("/pets/{id}", "get", "", [], "pets.get"),
    ("/pets", "post", "", [], "pets.create"),
    ("/pets/{id}", "put", "", [], "pets.update"),
    ("/pets/{id}", "delete", "", [], "pets.delete"),
    ("/pets/{id}/toys", "get", "", [], "pets.list_toys"),
    ("/pets/{id}/owner", "get", "", [], "pets.get_owner"),
    ("/jobs/{id}/cancel", "post", "", [], "jobs.cancel"),
    ("/issueLinkType", "get", "getIssueLinkTypes", [], "issue_link_type.list"),
    # Docker: noun-first operationIds; format segments say nothing; a lone action takes its tag.
    ("/containers/json", "get", "ContainerList", [], "containers.list"),
    ("/containers/create", "post", "ContainerCreate", [], "containers.create"),
    ("/containers/{id}/start", "post", "ContainerStart", [], "containers.start"),
    ("/_ping", "get", "SystemPing", ["System"], "system.ping"),
    ("/build", "post", "ImageBuild", ["Image"], "image.build"),
    ("/search", "get", "search", ["Search"], "search.search"),  # no method on the SDK itself
    # Slack: one dotted segment is a path; Twilio: `.json` says nothing.
    ("/chat.postMessage", "post", "chat_postMessage", [], "chat.post_message"),
    ("/admin.apps.approve", "post", "admin_apps_approve", [], "admin.apps.approve"),
    ("/conversations.history", "get", "conversations_history", [], "conversations.history"),
    ("/2010-04-01/Accounts/{Sid}.json", "get", "FetchAccount", [], "accounts.fetch"),
    # Jira: `rest`/`api`/version prefixes go; a run-together noun matches its words.
    ("/rest/api/3/issuetype/{id}", "get", "getIssueType", [], "issuetype.get"),
    # Google: `noun:verb` custom methods.
    ("/v1p1beta1/images:annotate", "post", "vision.images.annotate", [], "images.annotate"),
    (
        "/v1/{parent}/files:annotate",
        "post",
        "vision.projects.locations.files.annotate",
        ["projects"],
        "projects.files.annotate",
    ),
    # A verb inside the path ends the resource.
    ("/company/search/name/{country}/{name}", "get", "CompanySearchName", [], "company.search_name"),
    # HubSpot: an operationId that echoes the method and path.
    ("/crm/v3/objects/{id}", "get", "get-/crm/v3/objects/{id}_getById", [], "crm.objects.get"),
    # Box: mechanical operationIds.
    ("/files/{file_id}", "put", "put_files_id", [], "files.update"),
    ("/files/{file_id}/copy", "post", "post_files_id_copy", [], "files.copy"),
    ("/files/{file_id}/watermark", "get", "get_files_id_watermark", [], "files.get_watermark"),
    # Trello: `by` clauses naming path parameters.
    ("/actions/{idAction}/board/{field}", "get", "getActionsBoardByIdActionByField", [], "actions.board.get"),
    # A grouping prefix before a verb (AutoRest, NestJS controllers) says nothing more.
    (
        "/locations/{host}/androidPolicies/{policyName}",
        "delete",
        "Android_DeleteMAMPolicy",
        [],
        "locations.android_policies.delete_mam_policy",
    ),
    ("/company", "get", "CompanyController_GetCompany", [], "company.get"),
    # Jira: a preposition left dangling goes (`getContextsForField` on `field`).
    ("/field/{fieldId}/context", "get", "getContextsForField", [], "field.get_contexts"),
    # A path with no static segment takes its first tag.
    ("/{id}", "get", "getRoot", ["Root Things"], "root_things.get_root"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "method", "operation_id", "tags", "expected"), CASES)
def test_call_path(
    tmp_path: Path,
    path: str,
    method: str,
    operation_id: str,
    tags: list[str],
    expected: str,
) -> None:
    node: dict[str, Any] = {"tags": tags} if tags else {}
    if operation_id:
        node["operationId"] = operation_id
    assert call_paths(tmp_path, {path: {method: node}}) == [expected]


def test_the_rule_is_words_in_words_out() -> None:
    named = call_name("/pet/findByStatus", "get", "findPetsByStatus")
    assert named.resource == ("pet",)
    assert named.methods[0] == ("find", "by", "status")
    assert ("find", "pets", "by", "status") in named.methods  # a fallback
    # The document's text, not Python names: the target spells it.
    assert call_name("/class/{id}", "get", "import").resource == ("class",)


@pytest.mark.parametrize(
    ("word", "one", "many"),
    [
        ("albums", "album", "albums"),
        ("categories", "category", "categories"),
        ("boxes", "box", "boxes"),
        ("status", "status", "statuses"),
        ("address", "address", "addresses"),
        ("pet", "pet", "pets"),
        ("key", "key", "keys"),
    ],
)
def test_singular_and_plural(word: str, one: str, many: str) -> None:
    assert singular(word) == one and plural(one) == many


def test_noun_forms() -> None:
    assert noun_forms(["related", "artists"]) == [
        ["related", "artists"],
        ["related", "artist"],
    ]
    assert noun_forms([]) == []


# -- collisions ---------------------------------------------------------------------------------


def test_a_taken_name_falls_back_to_longer_ones_before_a_number(tmp_path: Path) -> None:
    paths: dict[str, Any] = {
        "/images/get": {"get": {"operationId": "ImageGetAll"}},
        "/images/{name}/get": {"get": {"operationId": "ImageGet"}},
        "/things/{id}": {
            "get": {"operationId": "getThing"},
            "post": {"operationId": "getThing2", "x-sdkgen-name": "get"},
        },
        "/user/login": {
            "get": {"operationId": "loginUser"},
            "post": {"operationId": "loginUserWithForm"},
            "put": {"operationId": "login"},
        },
    }
    assert call_paths(tmp_path, paths) == [
        "images.get",
        "images.image_get",  # `get` is taken: the whole operationId
        "things.get",
        "things.get2",  # an explicit name is never replaced, only numbered
        "user.login",  # GET, PUT, POST: operations of a path come in that order
        "user.login2",  # every candidate (`login`) is taken
        "user.login_with_form",  # the action is taken: the operationId's own words
    ]


def test_methods_and_sub_resources_never_share_a_name(tmp_path: Path) -> None:
    paths: dict[str, Any] = {
        "/partner/token": {"post": {"operationId": "partner_token"}},
        "/partner/token/bot": {"post": {"operationId": "bot_partner_token"}},
        "/pets": {"get": {"operationId": "withOptions"}},
    }
    assert call_paths(tmp_path, paths) == [
        "partner.token",
        "partner.token_.bot",
        "pets.with_options_",  # an attribute every resource has
    ]


def test_no_two_operations_share_a_call_path(tmp_path: Path) -> None:
    paths: dict[str, Any] = {
        f"/items/{suffix}": {
            "get": {"operationId": "getItems"},
            "post": {"operationId": "getItems"},
        }
        for suffix in ("a", "{id}", "b/{id}", "search", "list")
    }
    found = call_paths(tmp_path, paths)
    assert len(found) == 10 and len(set(found)) == 10


# -- overrides ----------------------------------------------------------------------------------


def test_the_overrides_win(tmp_path: Path) -> None:
    paths: dict[str, Any] = {
        "/user/login": {
            "get": {"operationId": "loginUser", "x-sdkgen-group": "auth.sessions"},
            "post": {"operationId": "loginUser2", "x-sdkgen-name": "sign_in"},
        },
        "/albums/{id}": {
            "get": {
                "operationId": "get-an-album",
                "x-sdkgen-group": "music.records",
                "x-sdkgen-name": "fetchOne",
            }
        },
        "/v2/things": {"get": {"operationId": "getThings", "x-sdkgen-group": "admin.stuff"}},
    }  # fmt: skip
    assert call_paths(tmp_path, paths) == [
        "auth.sessions.login_user",  # the override names the resource; the path is not read
        "user.sign_in",
        "music.records.fetch_one",
        "admin.stuff.get_things",
    ]


# -- stability ----------------------------------------------------------------------------------


BASE: dict[str, Any] = {
    "/pets": {"get": {"operationId": "listPets"}, "post": {"operationId": "createPet"}},
    "/pets/{petId}": {"get": {"operationId": "getPetById"}},
    "/pet/findByStatus": {"get": {"operationId": "findPetsByStatus"}},
    "/user/login": {"get": {"operationId": "loginUser"}},
    "/store/order/{orderId}": {"get": {"operationId": "getOrderById"}},
}
ADDED: list[dict[str, Any]] = [
    {"/pets/{petId}/toys": {"get": {"operationId": "listPetToys"}}},
    {"/pets/search": {"get": {"operationId": "searchPets"}}},
    {"/user/{username}": {"get": {"operationId": "getUserByName"}}},
    {"/store/order": {"post": {"operationId": "placeOrder"}}},
    {"/albums/{id}": {"get": {"operationId": "get-an-album"}}},
    {"/user/login/history": {"get": {"operationId": "loginHistory"}}},
    {"/pets": {"put": {"operationId": "listPets"}}},  # same preferred name, later
]


def by_operation(tmp_path: Path, paths: dict[str, Any]) -> dict[str, str]:
    tmp_path.mkdir()
    for path, item in paths.items():
        for operation in item.values():
            operation.setdefault("responses", {"204": OK})
            operation.setdefault(
                "parameters",
                [path_param(name) for name in re.findall(r"{(\w+)}", path)],
            )
    sdk, _ = build(tmp_path, openapi(paths=paths))
    return {f"{o.http_method} {o.path.raw}": o.call_path for o in sdk.operations}


@pytest.mark.parametrize("added", ADDED, ids=lambda a: next(iter(a)))
def test_adding_an_operation_later_renames_none_before_it(
    tmp_path: Path, added: dict[str, Any]
) -> None:
    # A name depends on the operation itself and on the names taken before it, in document
    # order, in its own resource; so an operation added after it never renames it.
    before = by_operation(tmp_path / "before", copy.deepcopy(BASE))
    document = copy.deepcopy(BASE)
    for path, item in copy.deepcopy(added).items():
        document.setdefault(path, {}).update(item)
    after = by_operation(tmp_path / "after", document)
    assert {key: after[key] for key in before} == before
    assert len(set(after.values())) == len(after)
