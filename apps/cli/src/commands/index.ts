import type { CommandRegistrar } from '../program';
import { registerArchive } from './archive.command';
import { registerAudit } from './audit.command';
import { registerDocuments } from './documents.command';
import { registerExtend } from './extend.command';
import { registerOrg } from './org.command';
import { registerSign } from './sign.command';
import { registerToken } from './token.command';
import { registerVerify } from './verify.command';

/** Every sub-command of `kyso`, in help order. */
export const registrars: CommandRegistrar[] = [
  registerSign,
  registerExtend,
  registerVerify,
  registerToken,
  registerOrg,
  registerDocuments,
  registerArchive,
  registerAudit,
];
