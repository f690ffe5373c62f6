/** identity's verification requests over NATS, and the sweep that expires requests and purges abandoned uploads. */
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  ResubmitVerificationPayload,
  SubmitVerificationPayload,
  VerificationDecisionPayload,
  VerificationFilePayload,
  VerificationIdPayload,
  VerificationQueueQuery,
  VerificationRequests,
} from '@weop/contracts';
import type { AccessLogEntry, MyVerificationView, Principal, VerificationCreated, VerificationFileView, VerificationQueuePage, VerificationRequestView, VerificationReviewView } from '@weop/contracts';
import { Caller, PeriodicTask, RpcController } from '@weop/messaging';
import { PINO_LOGGER } from '@weop/observability';
import { IdentityConfig } from '../identity.config';
import { VerificationService } from './verification.service';

@RpcController()
export class VerificationHandler {
  constructor(private readonly verification: VerificationService) {}

  @MessagePattern(VerificationRequests.submit)
  submit(@Caller() caller: Principal, @Payload() input: SubmitVerificationPayload): Promise<VerificationCreated> {
    return this.verification.submit(caller, input);
  }

  @MessagePattern(VerificationRequests.resubmit)
  resubmit(@Caller() caller: Principal, @Payload() input: ResubmitVerificationPayload): Promise<VerificationCreated> {
    return this.verification.resubmit(caller, input);
  }

  @MessagePattern(VerificationRequests.mine)
  mine(@Caller() caller: Principal): Promise<MyVerificationView> {
    return this.verification.mine(caller);
  }

  @MessagePattern(VerificationRequests.queue)
  queue(@Caller() caller: Principal, @Payload() input: VerificationQueueQuery): Promise<VerificationQueuePage> {
    return this.verification.queue(caller, input);
  }

  @MessagePattern(VerificationRequests.get)
  get(@Caller() caller: Principal, @Payload() input: VerificationIdPayload): Promise<VerificationRequestView | VerificationReviewView> {
    return this.verification.get(caller, input.id);
  }

  @MessagePattern(VerificationRequests.claim)
  claim(@Caller() caller: Principal, @Payload() input: VerificationIdPayload): Promise<VerificationReviewView> {
    return this.verification.claim(caller, input.id);
  }

  @MessagePattern(VerificationRequests.file)
  file(@Caller() caller: Principal, @Payload() input: VerificationFilePayload): Promise<VerificationFileView> {
    return this.verification.file(caller, input.id, input.slot);
  }

  @MessagePattern(VerificationRequests.accessLog)
  accessLog(@Caller() caller: Principal, @Payload() input: VerificationIdPayload): Promise<AccessLogEntry[]> {
    return this.verification.accessLog(caller, input.id);
  }

  @MessagePattern(VerificationRequests.decide)
  decide(@Caller() caller: Principal, @Payload() input: VerificationDecisionPayload): Promise<VerificationCreated> {
    return this.verification.decide(caller, input);
  }
}

@Injectable()
export class VerificationSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(verification: VerificationService, @Inject(IdentityConfig) config: IdentityConfig, @Inject(PINO_LOGGER) logger: Logger) {
    this.task = new PeriodicTask('expiring verification requests and purging abandoned uploads', config.VERIFICATION_SWEEP_INTERVAL_MS, async () => {
      const { expired, purged } = await verification.sweep();
      if (expired + purged > 0) logger.info({ expired, purged }, 'verification swept');
    }, logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
