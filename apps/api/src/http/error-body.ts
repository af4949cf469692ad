/** The one error shape every kyso endpoint returns. */
export interface ErrorBody {
  error: {
    code: string;
    /** English message. */
    message: string;
    /** Vietnamese message for end users. */
    messageVi: string;
    /** Field-level problems for invalid input: field path → messages. */
    fields?: Array<{ field: string; messages: string[] }>;
    requestId?: string;
    details?: Record<string, unknown>;
  };
}
