export * from './test-infrastructure';
export * from './synthetic-photos';
