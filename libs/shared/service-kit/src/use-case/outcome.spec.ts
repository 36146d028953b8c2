import { NotFoundProblem, RuleViolationProblem } from '@collections/shared-nest';
import { done, notFound, refused, valueOrProblem } from './outcome';

describe('valueOrProblem', () => {
  it('gives the value of a done outcome', () => {
    expect(valueOrProblem(done({ id: 1 }))).toEqual({ id: 1 });
  });

  it('answers not found with 404 and a refusal with 422 and its rule code', () => {
    expect(() => valueOrProblem(notFound('debt x not found'))).toThrow(NotFoundProblem);
    try {
      valueOrProblem(refused('DEBT_DISPUTED', 'DEBT_DISPUTED: under dispute'));
      throw new Error('not thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationProblem);
      expect(error).toMatchObject({ code: 'DEBT_DISPUTED', status: 422 });
    }
  });
});
