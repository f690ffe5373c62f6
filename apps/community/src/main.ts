import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { communityService } from './community.app';

startService(communityService);
