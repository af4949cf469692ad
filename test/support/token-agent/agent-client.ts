import { request } from 'node:http';

export interface AgentReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

export interface CallOptions {
  method?: string;
  origin?: string | null;
  host?: string;
  headers?: Record<string, string>;
  json?: unknown;
  rawBody?: string;
}

/**
 * Calls the agent with full control over Host and Origin (fetch would not let a test forge them, a
 * hostile page or rebinding attack can).
 */
export function callAgent(port: number, path: string, options: CallOptions = {}): Promise<AgentReply> {
  const body = options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const headers: Record<string, string> = {
    Host: options.host ?? `127.0.0.1:${port}`,
    ...(options.origin === null ? {} : { Origin: options.origin ?? 'https://kyso.example' }),
    ...(options.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
