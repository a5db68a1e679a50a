// The only way the UI talks to keshikomi: the REST API under /api, with the session cookie. Paths, parameters
// and answers are typed by the OpenAPI document the server serves (web/api/, `npm run api:generate`), so a
// changed field breaks this build, not the screen.
import createClient from 'openapi-fetch';
import type { components, paths } from '../api/schema';

/** The API's shapes by name: `Schemas['ExceptionDto']`, `Schemas['Channel']`… */
export type Schemas = components['schemas'];

/** The query parameters of a GET path, as the document declares them. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

/** An error as the API reports it: `{statusCode, code, message, correlationId}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId?: string,
  ) {
    super(message);
  }
}

type Query = Record<string, unknown>;

/** Empty filters are left out: `?status=&type=` would be refused as invalid codes. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Called when any request comes back 401, so the app can return to the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** The API's error body, or a proxy's HTML error page (then the status text says it). */
function toError(status: number, statusText: string, body: unknown): ApiError {
  const { code, message, correlationId } = (typeof body === 'object' && body ? body : {}) as Partial<Schemas['ApiErrorDto']>;
  const text = Array.isArray(message) ? message.join(' / ') : (message ?? statusText);
  return new ApiError(status, code ?? String(status), text, correlationId);
}

/** `api.GET('/api/exceptions/{id}', { params: { path: { id } } })`: every path, parameter and answer typed. */
export const api = createClient<paths>({
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  querySerializer: queryString,
});
api.use({
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== '/api/auth/login') onUnauthorized();
  },
});

/** The body of a success, or the ApiError of any other answer: `await ok(api.GET(…))`. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toError(response.status, response.statusText, error);
  return data as T;
}

/** Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload(form: FormData, onProgress: (fraction: number) => void): Promise<Schemas['IntakeResultDto']> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 401) onUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response ?? {});
      else reject(toError(xhr.status, xhr.statusText, xhr.response));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '通信できませんでした / network error'));
    xhr.send(form);
  });
}

/** Downloads a CSV or Excel export through the session, under the name the server gives. */
export async function download(
  path: keyof paths,
  query: Query,
  fallbackName: string,
  pathParams: Record<string, string | number> = {},
): Promise<void> {
  const resolved = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(pathParams[name])));
  const response = await fetch(`${resolved}${queryString(query)}`, { credentials: 'same-origin' });
  if (!response.ok) throw toError(response.status, response.statusText, await response.json().catch(() => null));
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
