// The workflow bundle for tests: the product's workflows, nothing else (kept separate so tests can add helpers).
export * from '../../src/workflows';
