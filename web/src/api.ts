// The only way the UI talks to keshikomi: the REST API under /api, with the session cookie.

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

type Query = Record<string, string | number | boolean | undefined | null>;

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

async function toError(response: Response): Promise<ApiError> {
  let body: { code?: string; message?: string | string[]; correlationId?: string } = {};
  try {
    body = await response.json();
  } catch {
    // a proxy's HTML error page: keep the status text
  }
  const message = Array.isArray(body.message) ? body.message.join(' / ') : body.message ?? response.statusText;
  return new ApiError(response.status, body.code ?? String(response.status), message, body.correlationId);
}

export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`/api${path}${queryString(options.query)}`, {
    method,
    credentials: 'same-origin',
    headers: options.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 401 && path !== '/auth/login') onUnauthorized();
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
};

/** Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response ?? {};
      if (xhr.status === 401) onUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        const message = Array.isArray(body.message) ? body.message.join(' / ') : body.message ?? xhr.statusText;
        reject(new ApiError(xhr.status, body.code ?? String(xhr.status), message, body.correlationId));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '通信できませんでした / network error'));
    xhr.send(form);
  });
}

/** Downloads a CSV or Excel export through the session, under the name the server gives. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await fetch(`/api${path}${queryString(query)}`, { credentials: 'same-origin' });
  if (!response.ok) throw await toError(response);
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
