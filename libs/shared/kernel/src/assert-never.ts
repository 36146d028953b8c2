/**
 * Exhaustiveness guard for discriminated unions: a `switch` whose `default` calls this
 * stops compiling the day a new member is added to the union and not handled.
 */
export function assertNever(value: never, context = 'value'): never {
  throw new Error(`Unhandled ${context}: ${JSON.stringify(value)}`);
}
