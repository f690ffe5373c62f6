export * from './test-infrastructure';
export * from './synthetic-photos';
export * from './prometheus-sample';
