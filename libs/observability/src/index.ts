export * from './context';
export * from './config';
export * from './logging';
export * from './metrics';
export * from './observability.module';
