import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ValidateBy } from 'class-validator';
import { TelemetryConfig, toBoolean, toInt, toList } from '@weop/observability';

const IsTrustProxy = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (v: unknown) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10),
      defaultMessage: () => 'must be true, false or a number of proxy hops (1-10)',
    },
  });

/** The gateway's environment; traces' settings (WEOP_TRACES_EXPORTER, …) come from TelemetryConfig. */
export class GatewayConfig extends TelemetryConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';

  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsString() @Matches(/^[A-Za-z0-9_-]{0,32}$/, { message: 'must be up to 32 letters, digits, _ or -' })
  WEOP_NATS_NAMESPACE = '';

  /** Copies a NATS cluster keeps of the streams and the file-transfer store the gateway creates (3 in production). */
  @Transform(toInt) @IsInt() @Min(1) @Max(5) WEOP_STREAM_REPLICAS = 1;

  /**
   * Whose word to take for the client address (rate limits, sign-in throttling, session lists):
   * `false` — the connection's; `true` — the first X-Forwarded-For entry (API.md; only safe when the
   * load balancer replaces any X-Forwarded-For the client sent); a number N — the address seen by
   * the N-th proxy from us (safe with load balancers that append to the header, as most do).
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : toBoolean({ value })))
  @IsTrustProxy()
  WEOP_TRUST_PROXY: boolean | number = false;

  /** Origins the web apps are served from; empty means no cross-origin access. */
  @Transform(toList) @IsArray() @IsString({ each: true }) WEOP_CORS_ORIGINS: string[] = [];

  /** The staff console's built files (`npm run build` writes them there), served at /console; nothing is served when absent. */
  @IsString() WEOP_CONSOLE_DIR = 'dist/console';

  /** The backend services readiness asks (each answers `<service>.health.ping`). */
  @Transform(toList) @IsArray() @IsString({ each: true }) WEOP_SERVICES: string[] = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];
  /**
   * The services `/health/ready` needs up to answer 200 (all of WEOP_SERVICES when unset). In a cluster
   * set it to `none`: a gateway is then ready on NATS and its status replica alone, so one service down
   * answers 503 on its own routes instead of taking every gateway out of the load balancer.
   */
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true }) WEOP_READY_SERVICES?: string[];

  /**
   * Per client address. Generous because many members share one address (mobile carriers' NAT,
   * an NGO's office); sign-in guessing is slowed per account by identity as well.
   */
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 1200;
  /** Register, login and refresh, per address. */
  @Transform(toInt) @IsInt() @Min(1) AUTH_RATE_LIMIT_PER_MINUTE = 120;

  @Transform(toInt) @IsInt() @Min(100) @Max(60000) REQUEST_TIMEOUT_MS = 5000;

  /** Largest publication or resource document accepted (streamed to content through the file transfer store). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
  /** Largest ID document or selfie image taken (identity checks again). */
  @Transform(toInt) @IsInt() @Min(100 * 1024) @Max(30 * 1024 * 1024) VERIFICATION_FILE_MAX_BYTES = 10 * 1024 * 1024;

  /** Largest evidence file of an award nomination (streamed to awards through the file transfer store). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
  /** Largest file shared in a conversation (community refuses above its own ATTACHMENT_MAX_BYTES too). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024) ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
  /** Largest file shared in a community group (community checks again, against its own GROUP_FILE_MAX_BYTES). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024) GROUP_FILE_MAX_BYTES = 10 * 1024 * 1024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  /**
   * A port of its own for GET /metrics (0: none), reached by the cluster's scraper and by no Service
   * or Ingress; 9464 in the Kubernetes manifests. /metrics on PORT stays as WEOP_METRICS_TOKEN says.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) METRICS_PORT = 0;
  @IsString() METRICS_HOST = '0.0.0.0';

  /** When set, GET /metrics on PORT needs `Authorization: Bearer <token>`; unset, only local callers get it. */
  @IsOptional() @IsString() @MinLength(16) WEOP_METRICS_TOKEN?: string;

  /** Seconds between full re-reads of identity's account statuses (a safety net under the live feed). */
  @Transform(toInt) @IsInt() @Min(5) STATUS_RESYNC_SECONDS = 300;
}
