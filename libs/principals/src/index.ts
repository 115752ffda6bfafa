export * from './principal.decider.js';
