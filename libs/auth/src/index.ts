export * from './access.decorators';
export * from './access-token';
export * from './verified-token-cache';
