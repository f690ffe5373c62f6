import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { awardsService } from './awards.app';

startService(awardsService);
