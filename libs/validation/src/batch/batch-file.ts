/** One file of a batch; `key` names it in results (a path relative to the archive, a document id). */
export interface BatchFile {
  readonly key: string;
  readonly path: string;
}
