export * from './principal.decider.js';

// Each decider as one namespace (decide / evolve / initialState), for the command runner.
export * as Principal from './principal.decider.js';
