import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { mentorshipService } from './mentorship.app';

startService(mentorshipService);
