/** Input validation errors: each names the offending field by its JSON path and says why. */
export interface InputIssue {
  /** JSON path such as `$.elements[0].price_components[1].price`. */
  readonly path: string;
  readonly reason: string;
}

export class PricingInputError extends Error {
  readonly code = 'invalid_pricing_input';

  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.reason}`).join('\n'));
    this.name = 'PricingInputError';
  }
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}
