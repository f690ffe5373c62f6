import { ServiceConfig } from '@weop/messaging';

/** Community's settings: the shared ones, and those its features add below. */
export class CommunityConfig extends ServiceConfig {}
