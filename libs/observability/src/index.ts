export * from './context';
export * from './config';
export * from './logging';
export * from './metrics';
export * from './route-histogram';
export * from './tracing';
export * from './telemetry.config';
export * from './observability.module';
