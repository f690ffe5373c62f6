import { SetMetadata } from '@nestjs/common';
import type { EventSubject } from '@weop/contracts';

export const ON_EVENT = 'weop:on-event';

/** Marks a provider method as the handler of an event subject (a durable consumer with an inbox). */
export const OnEvent = (subject: EventSubject): MethodDecorator => SetMetadata(ON_EVENT, subject);
