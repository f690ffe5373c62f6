import { ServiceConfig } from '@weop/messaging';

/** Nothing of its own yet beyond the environment every service reads. */
export class TrustSafetyConfig extends ServiceConfig {}
