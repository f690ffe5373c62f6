import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { trustSafetyService } from './trust-safety.app';

startService(trustSafetyService);
