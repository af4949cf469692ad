/** A file as the transport received it (multer memory storage in the API, a read file in the CLI). */
export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
  contentType?: string;
}
