export interface SigningPageOptions {
  /** Where the page finds the token agent; `http://127.0.0.1:8988` unless the agent runs on another port. */
  agentUrl: string;
}

export const SIGNING_PAGE_OPTIONS = Symbol('SIGNING_PAGE_OPTIONS');
