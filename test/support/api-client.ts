/** A tiny REST client for integration tests: typed enough to read, strict about status codes. */
export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; json?: unknown; body?: string; contentType?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

export async function loginAs(baseUrl: string, email: string, password = 'switchboard-demo'): Promise<string> {
  const response = await api<{ token: string }>(baseUrl, '/api/auth/login', { json: { email, password } });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.token;
}
