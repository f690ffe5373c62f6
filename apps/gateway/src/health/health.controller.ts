import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '@weop/auth';
import { Metrics } from '@weop/observability';
import { ServiceClient } from '@weop/messaging';
import { GatewayConfig } from '../gateway.config';
import { StatusReplica } from '../access/status-replica.service';
import { Inject } from '@nestjs/common';

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

  /** 200 when NATS and every service answer (and the status replica is loaded); otherwise 503. */
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
    const up = Object.values(services).every((s) => s === 'up') && this.replica.ready;
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', services, statusReplica: this.replica.ready ? 'loaded' : 'loading' };
  }

  @Get('metrics')
  async metricsText(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
