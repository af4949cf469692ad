type Level = 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | undefined>;

/**
 * The agent's two outputs: a JSON-lines log (for the administrator) and plain sentences on the console
 * (for the leader watching what the agent signs). Fields are flat primitives on purpose: no request body,
 * header or error object is ever passed in whole, which is how a PIN could slip into a log.
 */
export interface AgentLog {
  info(event: string, fields?: Fields): void;
  warn(event: string, fields?: Fields): void;
  error(event: string, fields?: Fields): void;
  /** A sentence for the person at the computer (console), also recorded in the log. */
  say(sentence: string, fields?: Fields): void;
}

/** Anything text can be written to: a file stream, process.stdout, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
}

export interface AgentLogSinks {
  log: TextSink;
  console: TextSink;
  now?: () => Date;
}

export function createAgentLog(sinks: AgentLogSinks): AgentLog {
  const now = sinks.now ?? (() => new Date());
  const write = (level: Level, event: string, fields: Fields = {}): void => {
    sinks.log.write(`${JSON.stringify({ time: now().toISOString(), level, event, ...fields })}\n`);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    say: (sentence, fields) => {
      sinks.console.write(`${sentence}\n`);
      write('info', sentence, fields);
    },
  };
}
