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
  retriesStatus,
  serverDelay,
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

function client(
  respond,
  options = { retries: FAST },
  credentials = { token: "secret" },
  sdkRetries = undefined,
) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(calls.length, url, init);
  };
  const made = new Client(
    { serverURL: "http://api.test/", fetch, ...options },
    "https://example.invalid",
    "SDKGEN_TEST_SERVER_URL",
    SCHEMES,
    credentials,
    sdkRetries,
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

// -- the document's policy and an operation's own (x-sdkgen-retries) -----------------------

const NEVER = { ...FAST, maxRetries: 0 };
const FIVE = { ...FAST, maxRetries: 5, retryStatuses: [409, "5XX"] };
const GET_ITEM_FIVE = { ...GET_ITEM, retries: FIVE };

test("an operation's own policy replaces the SDK's default", async () => {
  const { client: c, calls } = client(
    () => json({}, 409),
    {},
    undefined,
    NEVER,
  );
  await assert.rejects(
    c.call(GET_ITEM_FIVE, { itemId: "item_1" }),
    APIStatusError,
  );
  assert.equal(calls.length, 6); // 409 is retried by the operation's policy, 5 times
  calls.length = 0;
  await assert.rejects(c.call(GET_ITEM, { itemId: "item_1" }), APIStatusError);
  assert.equal(calls.length, 1); // the SDK's default retries nothing
});

test("the SDK's default policy is the document's", async () => {
  const { client: c, calls } = client(() => json({}, 500), {}, undefined, {
    ...FAST,
    maxRetries: 4,
  });
  await assert.rejects(
    c.call(GET_ITEM, { itemId: "item_1" }),
    InternalServerError,
  );
  assert.equal(calls.length, 5);
});

test("the client's and the call's policies win over the operation's", async () => {
  const { client: c, calls } = client(() => json({}, 409), { retries: NEVER });
  await assert.rejects(
    c.call(GET_ITEM_FIVE, { itemId: "item_1" }),
    APIStatusError,
  );
  assert.equal(calls.length, 1);
  const { client: d, calls: more } = client(() => json({}, 503), {});
  await assert.rejects(
    d.call(
      GET_ITEM_FIVE,
      { itemId: "item_1" },
      { retries: { ...FAST, maxRetries: 1 } },
    ),
    APIStatusError,
  );
  assert.equal(more.length, 2);
});

test("a whole hundred of statuses is retried", () => {
  assert.ok(retriesStatus(FIVE, 599));
  assert.ok(retriesStatus(FIVE, 409));
  assert.ok(!retriesStatus(FIVE, 429));
  assert.ok(!retriesStatus(DEFAULT_RETRY, 501));
});

test("connection errors are retried unless the policy says not", async () => {
  const failing = () => Promise.reject(new TypeError("fetch failed"));
  const { client: c, calls } = client(failing, {}, undefined, FAST);
  await assert.rejects(c.call(GET_ITEM, { itemId: "item_1" }));
  assert.equal(calls.length, 3);
  const off = { ...FAST, retryConnectionErrors: false };
  const { client: d, calls: once } = client(failing, {}, undefined, off);
  await assert.rejects(d.call(GET_ITEM, { itemId: "item_1" }));
  assert.equal(once.length, 1);
});

test("each try carries the retry count header the policy names", async () => {
  const policy = { ...FAST, retryCountHeader: "X-Retry-Count" };
  const { client: c, calls } = client(
    (n) => (n < 3 ? json({}, 503) : json({ item_id: "x" })),
    {},
    undefined,
    policy,
  );
  await c.call(GET_ITEM, { itemId: "item_1" });
  const counts = calls.map((call) =>
    new Headers(call.init.headers).get("x-retry-count"),
  );
  assert.deepEqual(counts, ["0", "1", "2"]);
});

test("retry-after-ms and Retry-After replace the backoff, within the budget", async () => {
  assert.equal(serverDelay(new Headers({ "retry-after-ms": "250" })), 250);
  assert.equal(
    serverDelay(new Headers({ "retry-after-ms": "20", "retry-after": "9" })),
    20,
  );
  assert.equal(serverDelay(new Headers({ "retry-after": "3" })), 3000);
  assert.equal(serverDelay(new Headers()), null);
  const ms = new Headers({ "retry-after-ms": "30" });
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 1, 0, ms, 0), 30);
  // never shortened: a wait beyond the budget left, or the cap, is not made
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 1, 14990, ms, 0), null);
  assert.equal(nextRetryDelay(DEFAULT_RETRY, 1, 0, "61", 0), null);
  const started = Date.now();
  const { client: c, calls } = client(
    (n) =>
      n === 1
        ? json({}, 429, { "retry-after-ms": "40" })
        : json({ item_id: "x" }),
    {},
    undefined,
    { ...DEFAULT_RETRY, initialIntervalMs: 1000 },
  );
  await c.call(GET_ITEM, { itemId: "item_1" });
  const took = Date.now() - started;
  assert.equal(calls.length, 2);
  assert.ok(took >= 35 && took < 900, `waited ${took} ms`);
});
