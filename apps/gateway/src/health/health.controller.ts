import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@weop/contracts';
import { Public } from '@weop/auth';
import { Metrics } from '@weop/observability';
import { ServiceClient } from '@weop/messaging';
import { GatewayConfig } from '../gateway.config';
import { StatusReplica } from '../access/status-replica.service';
import { Inject } from '@nestjs/common';

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

@ApiTags('health')
@Controller()
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly client: ServiceClient,
    private readonly replica: StatusReplica,
    private readonly metrics: Metrics,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Get('health/live')
  live(): { status: string } {
    return { status: 'up' };
  }

  /**
   * 200 when the status replica is loaded and every service of WEOP_READY_SERVICES (by default all of
   * WEOP_SERVICES) answers over NATS; otherwise 503. The body names each service's state either way.
   */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const services: Record<string, string> = {};
    await Promise.all(
      this.config.WEOP_SERVICES.map(async (service) => {
        services[service] = await this.client
          .request(`${service}.health.ping`, {}, { timeoutMs: 1000 })
          .then(() => 'up')
          .catch(() => 'down');
      }),
    );
    const required = (this.config.WEOP_READY_SERVICES ?? this.config.WEOP_SERVICES).filter((s) => s !== 'none');
    const up = required.every((s) => services[s] === 'up') && this.replica.ready;
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', services, statusReplica: this.replica.ready ? 'loaded' : 'loading' };
  }

  /**
   * Prometheus metrics. Not for the public: with WEOP_METRICS_TOKEN set, only a scraper sending it;
   * otherwise only callers on this machine.
   */
  @Get('metrics')
  async metricsText(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = this.config.WEOP_METRICS_TOKEN;
    const allowed = token
      ? safeEqual(request.headers.authorization ?? '', `Bearer ${token}`)
      : ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    if (!allowed) throw new DomainError(ErrorCode.FORBIDDEN, 'Metrics are for the platform\'s monitoring only.');
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
