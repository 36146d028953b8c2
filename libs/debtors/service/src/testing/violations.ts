import { ValidationError, type FieldViolation } from '@collections/shared-kernel';

/** The violations a parse throws (fails the test when it throws anything else, or nothing). */
export function violationsOf(parse: () => unknown): readonly FieldViolation[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations;
    throw error;
  }
  throw new Error('expected a ValidationError, the input was accepted');
}

export const fieldsOf = (parse: () => unknown): string[] => violationsOf(parse).map((v) => v.field);
