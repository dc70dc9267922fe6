/**
 * The HTTP client every resource calls: builds the request from an operation's declaration
 * (path, parameters, body, security), checks the arguments before sending, sends it with the
 * platform's fetch (or the one passed in), retries by the policy, and turns the response into
 * the declared type or an error of the tree in errors.ts. No dependencies but the platform.
 */

import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  InvalidParameterError,
  MissingCredentialsError,
  ResponseValidationError,
  SDKError,
  statusError,
} from "./errors.js";
import {
  DEFAULT_RETRY,
  nextRetryDelay,
  retriesStatus,
  type RetryPolicy,
} from "./retry.js";
import { decode, encode, type Shape } from "./shapes.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** How a credential is sent, as the document's security scheme says. */
export interface SecurityScheme {
  readonly key: string;
  readonly option: string;
  readonly env: string;
  readonly kind: "bearer" | "basic" | "apiKey";
  readonly in?: "header" | "query" | "cookie";
  readonly name?: string;
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly key: string;
  readonly required?: boolean;
  readonly pattern?: string;
  readonly explode?: boolean;
  readonly style?: string;
}

export interface BodySpec {
  readonly key: string;
  readonly mediaType: string;
  readonly encoding: "json" | "form" | "multipart" | "text" | "binary";
  readonly shape: Shape;
  readonly required?: boolean;
}

export interface OperationSpec {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  readonly body?: BodySpec;
  /** Alternatives, each the schemes to send together; [] among them: none needed. */
  readonly security: readonly (readonly string[])[];
  readonly response: "json" | "text" | "bytes" | "empty" | "event_stream";
  readonly shape: Shape;
  /** The operation's own retry policy, where the document gives one. */
  readonly retries?: RetryPolicy;
}

/** Options for one call. */
export interface RequestOptions {
  /** Aborts the call (and its retries). */
  readonly signal?: AbortSignal;
  /** Milliseconds for each try before it fails with APITimeoutError. */
  readonly timeoutMs?: number;
  /** This call's retry policy instead of the client's or the operation's. */
  readonly retries?: RetryPolicy;
  /** Extra headers for this call. */
  readonly headers?: Record<string, string>;
}

export interface ClientOptions {
  /** The server to call instead of the document's first one (or the environment's). */
  readonly serverURL?: string;
  /** A fetch to send with instead of the platform's. */
  readonly fetch?: FetchLike;
  /** Milliseconds for each try (default: no limit). */
  readonly timeoutMs?: number;
  /**
   * The retry policy of every call (default: the document's, and an operation's own where the
   * document gives one; DEFAULT_RETRY where it says nothing).
   */
  readonly retries?: RetryPolicy;
  /** Headers sent with every call. */
  readonly headers?: Record<string, string>;
}

type Credentials = Readonly<Record<string, string | undefined>>;

function environment(name: string): string | undefined {
  const host = globalThis as {
    process?: { env?: Record<string, string | undefined> };
  };
  const value = host.process?.env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIAbortError("the call was aborted"));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIAbortError("the call was aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `init` with the retry count header set, when the policy names one. */
function counted(
  init: RequestInit,
  header: string | undefined,
  retries: number,
): RequestInit {
  if (header === undefined) {
    return init;
  }
  const headers = new Headers(init.headers);
  headers.set(header, String(retries));
  return { ...init, headers };
}

function text(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return String(value);
}

export class Client {
  readonly serverURL: string;
  readonly #fetch: FetchLike;
  readonly #options: ClientOptions;
  readonly #schemes: readonly SecurityScheme[];
  readonly #credentials: Credentials;
  readonly #retries: RetryPolicy;

  /**
   * `defaultServerURL` is used unless `options.serverURL` or the environment variable named
   * `serverURLEnv` gives another; each credential is `credentials[scheme.option]`, else the
   * environment variable `scheme.env`. `retries` is the SDK's default policy (the document's).
   */
  constructor(
    options: ClientOptions,
    defaultServerURL: string,
    serverURLEnv: string,
    schemes: readonly SecurityScheme[],
    credentials: Credentials,
    retries: RetryPolicy = DEFAULT_RETRY,
  ) {
    const server =
      options.serverURL ?? environment(serverURLEnv) ?? defaultServerURL;
    this.serverURL = server.replace(/\/+$/, "");
    this.#fetch =
      options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#options = options;
    this.#schemes = schemes;
    this.#retries = retries;
    const resolved: Record<string, string | undefined> = {};
    for (const scheme of schemes) {
      resolved[scheme.key] =
        credentials[scheme.option] ?? environment(scheme.env);
    }
    this.#credentials = resolved;
  }

  /** Sends the operation with the arguments in `request` and returns the declared result. */
  async call<T>(
    operation: OperationSpec,
    request: object,
    options: RequestOptions = {},
  ): Promise<T> {
    const args = request as Record<string, unknown>;
    const url = new URL(this.#url(operation, args));
    const headers = new Headers(this.#options.headers);
    this.#parameters(operation, args, url, headers);
    this.#authenticate(operation, url, headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      headers.set(name, value);
    }
    const body = this.#body(operation, args, headers);
    if (operation.response === "json" && !headers.has("accept")) {
      headers.set("accept", "application/json");
    }
    const response = await this.#send(
      operation,
      url.toString(),
      {
        method: operation.method,
        headers,
        ...(body === undefined ? {} : { body }),
      },
      options,
    );
    return (await this.#result(operation, response)) as T;
  }

  #url(operation: OperationSpec, args: Record<string, unknown>): string {
    let path = operation.path;
    for (const parameter of operation.parameters) {
      if (parameter.in !== "path") {
        continue;
      }
      const value = this.#checked(operation, parameter, args[parameter.key]);
      const rendered = Array.isArray(value)
        ? value.map(text).join(",")
        : text(value);
      path = path
        .split(`{${parameter.name}}`)
        .join(encodeURIComponent(rendered));
    }
    const server = this.serverURL;
    const base = /^[a-z][a-z0-9+.-]*:/i.test(server)
      ? server
      : `http://localhost${server.startsWith("/") ? "" : "/"}${server}`;
    return base + path;
  }

  #checked(
    operation: OperationSpec,
    parameter: ParameterSpec,
    value: unknown,
  ): unknown {
    if (value === undefined || value === null) {
      if (parameter.required || parameter.in === "path") {
        throw new InvalidParameterError(
          `${operation.id}: ${parameter.key} is required`,
          parameter.key,
          value,
        );
      }
      return value;
    }
    if (parameter.pattern !== undefined) {
      const pattern = compiled(parameter.pattern);
      const values = Array.isArray(value) ? value : [value];
      for (const one of values) {
        if (pattern !== null && !pattern.test(text(one))) {
          throw new InvalidParameterError(
            `${operation.id}: ${parameter.key} must match ${parameter.pattern}, ` +
              `not ${JSON.stringify(text(one))}`,
            parameter.key,
            one,
          );
        }
      }
    }
    return value;
  }

  #parameters(
    operation: OperationSpec,
    args: Record<string, unknown>,
    url: URL,
    headers: Headers,
  ): void {
    const cookies: string[] = [];
    for (const parameter of operation.parameters) {
      if (parameter.in === "path") {
        continue;
      }
      const value = this.#checked(operation, parameter, args[parameter.key]);
      if (value === undefined || value === null) {
        continue;
      }
      if (parameter.in === "query") {
        query(url, parameter, value);
      } else if (parameter.in === "header") {
        headers.set(parameter.name, flat(value));
      } else {
        cookies.push(`${parameter.name}=${encodeURIComponent(flat(value))}`);
      }
    }
    if (cookies.length > 0) {
      headers.set("cookie", cookies.join("; "));
    }
  }

  #authenticate(operation: OperationSpec, url: URL, headers: Headers): void {
    if (operation.security.length === 0) {
      return;
    }
    const usable = operation.security.find((keys) =>
      keys.every((key) => this.#credentials[key] !== undefined),
    );
    if (usable === undefined) {
      if (operation.security.some((keys) => keys.length === 0)) {
        return;
      }
      const options = operation.security
        .flat()
        .map((key) => this.#schemes.find((s) => s.key === key))
        .filter((s): s is SecurityScheme => s !== undefined)
        .map((s) => `${s.option} (or ${s.env})`);
      throw new MissingCredentialsError(
        `${operation.id} needs credentials: pass ${options.join(" or ")}`,
      );
    }
    for (const key of usable) {
      const scheme = this.#schemes.find((s) => s.key === key);
      const secret = this.#credentials[key];
      if (scheme === undefined || secret === undefined) {
        continue;
      }
      if (scheme.kind === "bearer") {
        headers.set("authorization", `Bearer ${secret}`);
      } else if (scheme.kind === "basic") {
        headers.set("authorization", `Basic ${btoa(secret)}`);
      } else if (scheme.in === "query") {
        url.searchParams.set(scheme.name ?? key, secret);
      } else if (scheme.in === "cookie") {
        const cookie = `${scheme.name ?? key}=${encodeURIComponent(secret)}`;
        const before = headers.get("cookie");
        headers.set(
          "cookie",
          before === null ? cookie : `${before}; ${cookie}`,
        );
      } else {
        headers.set(scheme.name ?? key, secret);
      }
    }
  }

  #body(
    operation: OperationSpec,
    args: Record<string, unknown>,
    headers: Headers,
  ): BodyInit | undefined {
    const spec = operation.body;
    if (spec === undefined) {
      return undefined;
    }
    const value = args[spec.key];
    if (value === undefined) {
      if (spec.required) {
        throw new InvalidParameterError(
          `${operation.id}: ${spec.key} is required`,
          spec.key,
          value,
        );
      }
      return undefined;
    }
    const wire = encode(spec.shape, value);
    switch (spec.encoding) {
      case "json":
        headers.set("content-type", spec.mediaType);
        return JSON.stringify(wire);
      case "form": {
        headers.set("content-type", spec.mediaType);
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(wire as Record<string, unknown>)) {
          if (v !== undefined && v !== null) {
            form.append(k, flat(v));
          }
        }
        return form.toString();
      }
      case "multipart": {
        const form = new FormData();
        for (const [k, v] of Object.entries(wire as Record<string, unknown>)) {
          if (v instanceof Blob) {
            form.append(k, v);
          } else if (v !== undefined && v !== null) {
            form.append(k, typeof v === "object" ? JSON.stringify(v) : text(v));
          }
        }
        return form;
      }
      case "text":
        headers.set("content-type", spec.mediaType);
        return text(value);
      default:
        headers.set("content-type", spec.mediaType);
        return value as BodyInit;
    }
  }

  async #send(
    operation: OperationSpec,
    url: string,
    init: RequestInit,
    options: RequestOptions,
  ): Promise<Response> {
    // this call's, else the client's, else the operation's own, else the SDK's (the document's)
    const policy =
      options.retries ??
      this.#options.retries ??
      operation.retries ??
      this.#retries;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    let waited = 0;
    for (let retry = 1; ; retry++) {
      let response: Response;
      try {
        response = await this.#try(
          url,
          counted(init, policy.retryCountHeader, retry - 1),
          options.signal,
          timeoutMs,
        );
      } catch (error) {
        if (
          error instanceof APIAbortError ||
          !(error instanceof SDKError) ||
          policy.retryConnectionErrors === false
        ) {
          throw error;
        }
        const delay = nextRetryDelay(policy, retry, waited);
        if (delay === null) {
          throw error;
        }
        await sleep(delay, options.signal);
        waited += delay;
        continue;
      }
      if (response.ok) {
        return response;
      }
      if (retriesStatus(policy, response.status)) {
        const delay = nextRetryDelay(policy, retry, waited, response.headers);
        if (delay !== null) {
          await response.body?.cancel();
          await sleep(delay, options.signal);
          waited += delay;
          continue;
        }
      }
      const body = await response.text();
      throw statusError(
        operation.id,
        operation.method,
        url,
        response.status,
        response.headers,
        body,
      );
    }
  }

  async #try(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Promise<Response> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort();
    if (signal?.aborted) {
      throw new APIAbortError("the call was aborted");
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs);
    try {
      return await this.#fetch(url, { ...init, signal: controller.signal });
    } catch (error) {
      if (timedOut) {
        throw new APITimeoutError(`no response within ${timeoutMs} ms`, {
          cause: error,
        });
      }
      if (signal?.aborted) {
        throw new APIAbortError("the call was aborted", { cause: error });
      }
      throw new APIConnectionError(`cannot reach ${url}`, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async #result(
    operation: OperationSpec,
    response: Response,
  ): Promise<unknown> {
    switch (operation.response) {
      case "empty":
        await response.body?.cancel();
        return undefined;
      case "bytes":
        return new Uint8Array(await response.arrayBuffer());
      case "text":
      case "event_stream":
        return response.text();
      default: {
        const body = await response.text();
        if (body === "") {
          return undefined;
        }
        try {
          return decode(operation.shape, JSON.parse(body));
        } catch (error) {
          throw new ResponseValidationError(
            `${operation.id}: the response is not JSON (${String(error)})`,
            response.status,
            body,
          );
        }
      }
    }
  }
}

const PATTERNS = new Map<string, RegExp | null>();

/** The pattern as a JavaScript RegExp, or null when JavaScript cannot read it (not checked). */
function compiled(pattern: string): RegExp | null {
  let found = PATTERNS.get(pattern);
  if (found === undefined) {
    try {
      found = new RegExp(pattern, "u");
    } catch {
      try {
        found = new RegExp(pattern);
      } catch {
        found = null;
      }
    }
    PATTERNS.set(pattern, found);
  }
  return found;
}

function flat(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(text).join(",");
  }
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.entries(value)
      .flatMap(([k, v]) => [k, text(v)])
      .join(",");
  }
  return text(value);
}

function query(url: URL, parameter: ParameterSpec, value: unknown): void {
  const explode = parameter.explode ?? true;
  const params = url.searchParams;
  if (Array.isArray(value)) {
    if (explode) {
      value.forEach((v) => params.append(parameter.name, text(v)));
    } else {
      const separator =
        parameter.style === "pipeDelimited"
          ? "|"
          : parameter.style === "spaceDelimited"
            ? " "
            : ",";
      params.append(parameter.name, value.map(text).join(separator));
    }
  } else if (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Date)
  ) {
    if (parameter.style === "deepObject") {
      for (const [k, v] of Object.entries(value)) {
        params.append(`${parameter.name}[${k}]`, text(v));
      }
    } else if (explode) {
      for (const [k, v] of Object.entries(value)) {
        params.append(k, text(v));
      }
    } else {
      params.append(parameter.name, flat(value));
    }
  } else {
    params.append(parameter.name, text(value));
  }
}
