/**
 * Registration for events: a seat while there is one, then the waitlist (in order of asking); when a
 * registered member cancels, the first on the waitlist moves up in the same transaction. The event
 * row is locked for every change, so two members can never take the last seat together.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, conflict, forbidden, notFound } from '@weop/contracts';
import type { ContentItemView, Principal, RegistrantPage, RegistrationResponse } from '@weop/contracts';
import { decodeCursor, pageOf } from '@weop/contracts';
import { canSee, isAuthor, isPublic, isStaff } from '../items/content-access';
import { EventRegistration, touch } from '../items/content-item.entity';
import type { ContentItem } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentItemsService } from '../items/content-items.service';
import { authorView } from '../items/content-view';
import { ItemAccess } from '../items/item-access.service';
import { releaseSeat } from './waitlist';

@Injectable()
export class EventsService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly lifecycle: ContentItemsService,
    private readonly access: ItemAccess,
  ) {}

  /** Blocks count: the event of a member she blocked, or who blocked her, is not there for her. */
  private async lockedEvent(em: EntityManager, id: string, viewer: Principal): Promise<ContentItem> {
    return this.access.visible(em, await this.items.byId(id, em, true), 'event', viewer);
  }

  async register(member: Principal, id: string): Promise<RegistrationResponse> {
    return this.em.fork().transactional(async (em) => {
      const event = await this.lockedEvent(em, id, member);
      if (!isPublic(event)) throw new DomainError('EVENT_CLOSED', 'This event is not open for registration.');
      if (event.startsAt && event.startsAt <= new Date()) throw new DomainError('EVENT_CLOSED', 'This event has already started.');
      if (isAuthor(event, member)) throw conflict('You organise this event.');
      if (await this.items.registration(id, member.accountId, em)) throw conflict('You are already registered for this event.');
      const capacity = event.details.capacity ?? 0;
      const seat = event.registeredCount < capacity;
      if (!seat && event.details.waitlist === false) throw new DomainError('EVENT_FULL', 'This event is full.');
      const registration = em.create(EventRegistration, { eventId: id, accountId: member.accountId, status: seat ? 'registered' : 'waitlisted', createdAt: new Date() });
      em.persist(registration);
      if (seat) event.registeredCount += 1;
      else event.waitlistCount += 1;
      await em.flush();
      return seat ? { status: 'registered' } : { status: 'waitlisted', position: await this.items.waitlistPosition(id, registration, em) };
    });
  }

  /**
   * She can always leave an event she registered for, even one unpublished, frozen or hidden since.
   * A freed seat goes to the waitlist only while the event is published and has not started.
   */
  async cancel(member: Principal, id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const event = await this.items.byId(id, em, true);
      const registration = event?.type === 'event' ? await this.items.registration(id, member.accountId, em) : null;
      if (!event || !registration) throw notFound('Your registration');
      em.remove(registration);
      await releaseSeat(em, this.items, event, registration.status);
    });
  }

  /** The organiser's list of who is coming, then the waitlist, in order of registration. */
  async registrants(organiser: Principal, id: string, limit = 20, cursor?: string): Promise<RegistrantPage> {
    const em = this.em.fork();
    const event = await this.items.byId(id, em);
    if (!event || event.type !== 'event' || !canSee(event, organiser)) throw notFound('The event');
    if (!isAuthor(event, organiser) && !isStaff(organiser)) throw forbidden('Only the organiser sees who registered.');
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.items.registrations(id, key ? { at: String(key[0]), id: String(key[1]) } : undefined, limit, em);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.accountId]);
    const members = await this.items.members(page.items.map((r) => r.accountId), em);
    return {
      items: page.items.map((r) => ({ member: authorView(r.accountId, members.get(r.accountId)), status: r.status, registeredAt: r.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  /** The organiser calls the event off; it stays readable, marked cancelled. */
  async cancelEvent(organiser: Principal, id: string): Promise<ContentItemView> {
    return this.em.fork().transactional(async (em) => {
      const event = await this.lockedEvent(em, id, organiser);
      if (!isAuthor(event, organiser) && !isStaff(organiser)) throw forbidden('Only the organiser can cancel this event.');
      // A draft is deleted, not cancelled: a cancelled event stays readable by link.
      if (event.status !== 'published') throw new DomainError('CONTENT_STATE', `Only a published event can be cancelled; this one is ${event.status}.`);
      event.status = 'cancelled';
      touch(event);
      await this.lifecycle.announceWithdrawn(em, event, 'cancelled');
      await em.flush();
      return this.lifecycle.view(em, event, organiser);
    });
  }
}
