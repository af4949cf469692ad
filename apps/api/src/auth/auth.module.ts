import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { KysoConfig } from '@kyso/config';
import { CONFIG } from '../core/tokens';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { BootstrapAdmin } from './bootstrap-admin';
import { loadOrCreateJwtSecret } from './jwt-secret';

/**
 * Sign-in and bearer tokens. Global so that any feature module can protect its routes with `@UseGuards(AuthGuard)`
 * and `@Roles(...)`.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: async (config: KysoConfig) => {
        // A KeyObject, not bytes: jsonwebtoken otherwise tries (and fails) to parse the secret as a public key on
        // every verification, which costs more than the HMAC itself.
        const key = createSecretKey(await loadOrCreateJwtSecret(config.auth.jwtSecretFile));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256', expiresIn: config.auth.jwtTtlSeconds, issuer: 'kyso' },
          verifyOptions: { algorithms: ['HS256'], issuer: 'kyso' },
        };
      },
    }),
    ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 20 }]),
  ],
  controllers: [AuthController],
  providers: [AuthGuard, BootstrapAdmin],
  exports: [AuthGuard, JwtModule],
})
export class AuthModule {}
