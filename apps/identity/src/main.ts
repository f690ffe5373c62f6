import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { identityService } from './identity.app';

startService(identityService);
