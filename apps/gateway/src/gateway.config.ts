import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { toBoolean, toInt, toList } from '@weop/observability';

export class GatewayConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';

  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString() @Matches(/^[A-Za-z0-9_-]{0,32}$/, { message: 'must be up to 32 letters, digits, _ or -' })
  WEOP_NATS_NAMESPACE = '';

  /** Take the client address from the first X-Forwarded-For entry (behind a load balancer). */
  @Transform(toBoolean) @IsBoolean() WEOP_TRUST_PROXY = false;

  /** Origins the web apps are served from; empty means no cross-origin access. */
  @Transform(toList) @IsArray() @IsString({ each: true }) WEOP_CORS_ORIGINS: string[] = [];

  /** The backend services readiness asks (each answers `<service>.health.ping`). */
  @Transform(toList) @IsArray() @IsString({ each: true }) WEOP_SERVICES: string[] = ['identity'];

  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 600;
  /** Register, login and refresh, per address. */
  @Transform(toInt) @IsInt() @Min(1) AUTH_RATE_LIMIT_PER_MINUTE = 30;

  @Transform(toInt) @IsInt() @Min(100) @Max(60000) REQUEST_TIMEOUT_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  /** Seconds between full re-reads of identity's account statuses (a safety net under the live feed). */
  @Transform(toInt) @IsInt() @Min(5) STATUS_RESYNC_SECONDS = 300;
}
