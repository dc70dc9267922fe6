// The runtime's own tests (templates/typescript/test/runtime.test.js, copied into each SDK):
// the client against a mock fetch, the retry policy, the error tree and the shapes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Client } from "../dist/runtime/client.js";
import {
  APIAbortError,
  APIStatusError,
  APITimeoutError,
  InternalServerError,
  InvalidParameterError,
  MissingCredentialsError,
  NotFoundError,
  RateLimitError,
  SDKError,
} from "../dist/runtime/errors.js";
import {
  DEFAULT_RETRY,
  backoffDelay,
  nextRetryDelay,
  parseRetryAfter,
} from "../dist/runtime/retry.js";
import * as $ from "../dist/runtime/shapes.js";

const SCHEMES = [
  { key: "token", option: "token", env: "SDKGEN_TEST_TOKEN", kind: "bearer" },
];

const GET_ITEM = {
  id: "getItem",
  method: "GET",
  path: "/items/{item_id}",
  parameters: [
    {
      name: "item_id",
      in: "path",
      key: "itemId",
      required: true,
      pattern: "^item_[a-z0-9]+$",
    },
    { name: "tags", in: "query", key: "tags" },
    { name: "X-Trace", in: "header", key: "xTrace" },
  ],
  security: [["token"]],
  response: "json",
  shape: $.object([
    ["itemId", "item_id", $.string, true],
    ["createdAt", "created_at", $.number, false],
  ]),
};

const FAST = { ...DEFAULT_RETRY, initialIntervalMs: 1, maxIntervalMs: 2 };

function client(respond, options = {}, credentials = { token: "secret" }) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(calls.length, url, init);
  };
  const made = new Client(
    { serverURL: "http://api.test/", fetch, retries: FAST, ...options },
    "https://example.invalid",
    "SDKGEN_TEST_SERVER_URL",
    SCHEMES,
    credentials,
  );
  return { client: made, calls };
}

function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

test("a call sends path, query, header and bearer token, and decodes", async () => {
  const { client: c, calls } = client(() =>
    json({ item_id: "item_1", created_at: 5, extra: true }),
  );
  const result = await c.call(GET_ITEM, {
    itemId: "item_1",
    tags: ["a", "b"],
    xTrace: "t-1",
  });
  assert.deepEqual(result, { itemId: "item_1", createdAt: 5, extra: true });
  const url = new URL(calls[0].url);
  assert.equal(url.pathname, "/items/item_1");
  assert.deepEqual(url.searchParams.getAll("tags"), ["a", "b"]);
  const headers = new Headers(calls[0].init.headers);
  assert.equal(headers.get("authorization"), "Bearer secret");
  assert.equal(headers.get("x-trace"), "t-1");
  assert.equal(calls[0].init.method, "GET");
});

test("a path argument that breaks its pattern throws before any request", async () => {
  const { client: c, calls } = client(() => json({}));
  await assert.rejects(c.call(GET_ITEM, { itemId: "../x" }), (error) => {
    assert.ok(error instanceof InvalidParameterError);
    assert.ok(error instanceof SDKError);
    assert.equal(error.parameter, "itemId");
    return true;
  });
  await assert.rejects(c.call(GET_ITEM, {}), InvalidParameterError);
  assert.equal(calls.length, 0);
});

test("a missing credential throws before any request", async () => {
  const { client: c, calls } = client(() => json({}), {}, {});
  await assert.rejects(
    c.call(GET_ITEM, { itemId: "item_1" }),
    MissingCredentialsError,
  );
  assert.equal(calls.length, 0);
});

test("statuses become the error tree, with status, headers and body", async () => {
  const { client: c } = client(() =>
    json({ message: "no" }, 404, { "x-request-id": "req-1" }),
  );
  await assert.rejects(c.call(GET_ITEM, { itemId: "item_1" }), (error) => {
    assert.ok(error instanceof NotFoundError);
    assert.ok(error instanceof APIStatusError);
    assert.equal(error.status, 404);
    assert.equal(error.requestId, "req-1");
    assert.deepEqual(error.json(), { message: "no" });
    assert.match(error.message, /getItem: GET .* returned 404/);
    return true;
  });
});

test("429 and 5xx are retried, then succeed", async () => {
  const { client: c, calls } = client((n) =>
    n === 1 ? json({}, 429) : n === 2 ? json({}, 503) : json({ item_id: "x" }),
  );
  const result = await c.call(GET_ITEM, { itemId: "item_1" });
  assert.deepEqual(result, { itemId: "x" });
  assert.equal(calls.length, 3);
});

test("retries stop after maxRetries with the last error", async () => {
  const { client: c, calls } = client(() => json({}, 500));
  await assert.rejects(
    c.call(GET_ITEM, { itemId: "item_1" }),
    InternalServerError,
  );
  assert.equal(calls.length, 3);
});

test("a 400 is not retried", async () => {
  const { client: c, calls } = client(() => json({}, 400));
  await assert.rejects(c.call(GET_ITEM, { itemId: "item_1" }), APIStatusError);
  assert.equal(calls.length, 1);
});

test("429 with retries off is a RateLimitError", async () => {
  const { client: c } = client(() => json({}, 429));
  await assert.rejects(
    c.call(
      GET_ITEM,
      { itemId: "item_1" },
      { retries: { ...FAST, maxRetries: 0 } },
    ),
    RateLimitError,
  );
});

test("a per-call timeout aborts the try", async () => {
  const { client: c } = client(
    (n, url, init) =>
      new Promise((resolve, reject) => {
        init.signal.addEventListener("abort", () =>
          reject(new Error("aborted")),
        );
      }),
  );
  await assert.rejects(
    c.call(
      GET_ITEM,
      { itemId: "item_1" },
      { timeoutMs: 20, retries: { ...FAST, maxRetries: 0 } },
    ),
    APITimeoutError,
  );
});

test("an AbortSignal aborts the call", async () => {
  const controller = new AbortController();
  const { client: c } = client(
    (n, url, init) =>
      new Promise((resolve, reject) => {
        init.signal.addEventListener("abort", () =>
          reject(new Error("aborted")),
        );
        controller.abort();
      }),
  );
  await assert.rejects(
    c.call(GET_ITEM, { itemId: "item_1" }, { signal: controller.signal }),
    APIAbortError,
  );
});

test("the backoff is 500 ms, x1.5, at most 5 s, within 15 s", () => {
  assert.equal(backoffDelay(DEFAULT_RETRY, 1), 500);
  assert.equal(backoffDelay(DEFAULT_RETRY, 2), 750);
  assert.equal(backoffDelay(DEFAULT_RETRY, 20), 5000);
  assert.deepEqual(DEFAULT_RETRY.retryStatuses, [429, 500, 502, 503, 504]);
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 1, 14900, null, 0), null);
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 3, 0, null, 0), null);
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 1, 0, "2", 0), 2000);
  assert.equal(parseRetryAfter("soon"), null);
});

test("unions pick the variant the value fits, unknown keys are kept", () => {
  const shape = $.union(
    $.object([
      ["type", "type", $.literal("a"), true],
      ["aValue", "a_value", $.number, true],
    ]),
    $.object([
      ["type", "type", $.literal("b"), true],
      ["bValue", "b_value", $.number, true],
    ]),
  );
  assert.deepEqual($.decode(shape, { type: "b", b_value: 1, more: 2 }), {
    type: "b",
    bValue: 1,
    more: 2,
  });
  assert.deepEqual($.encode(shape, { type: "a", aValue: 3 }), {
    type: "a",
    a_value: 3,
  });
  assert.deepEqual(
    $.decode($.array($.map(shape)), [{ k: { type: "a", a_value: 1 } }]),
    [{ k: { type: "a", aValue: 1 } }],
  );
});

test("credentials and the server fall back to the environment", async () => {
  process.env.SDKGEN_TEST_TOKEN = "from-env";
  process.env.SDKGEN_TEST_SERVER_URL = "http://env.test/base";
  try {
    const calls = [];
    const c = new Client(
      {
        fetch: async (url, init) => {
          calls.push({ url, init });
          return json({ item_id: "x" });
        },
      },
      "https://example.invalid",
      "SDKGEN_TEST_SERVER_URL",
      SCHEMES,
      {},
    );
    await c.call(GET_ITEM, { itemId: "item_1" });
    assert.equal(calls[0].url, "http://env.test/base/items/item_1");
    const headers = new Headers(calls[0].init.headers);
    assert.equal(headers.get("authorization"), "Bearer from-env");
  } finally {
    delete process.env.SDKGEN_TEST_TOKEN;
    delete process.env.SDKGEN_TEST_SERVER_URL;
  }
});
