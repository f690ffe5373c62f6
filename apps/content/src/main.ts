import 'reflect-metadata';
import { startService } from '@weop/messaging';
import { contentService } from './content.app';

startService(contentService);
