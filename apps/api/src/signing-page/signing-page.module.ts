import { type DynamicModule, Module } from '@nestjs/common';
import { DEFAULT_AGENT_URL } from './signing-page.assets';
import { SigningPageController } from './signing-page.controller';
import { SIGNING_PAGE_OPTIONS } from './signing-page.options';

/**
 * Serves the leader's signing page at `GET /sign/:documentId`. Import as `SigningPageModule.forRoot()`
 * (agent on the default port 8988) or `SigningPageModule.forRoot({ agentUrl: 'http://127.0.0.1:<port>' })`.
 */
@Module({})
export class SigningPageModule {
  static forRoot(options: { agentUrl?: string } = {}): DynamicModule {
    return {
      module: SigningPageModule,
      controllers: [SigningPageController],
      providers: [
        { provide: SIGNING_PAGE_OPTIONS, useValue: { agentUrl: options.agentUrl ?? DEFAULT_AGENT_URL } },
      ],
    };
  }
}
