export * from './test-infrastructure';
