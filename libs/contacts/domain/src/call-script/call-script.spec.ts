import { ValidationError } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ACTOR, at } from '../testing.fixtures';
import { DEFAULT_CALL_SCRIPT_STEPS, callScriptDecider, callScriptVersion, checkCallScriptSteps, currentCallScript, type CallScriptEvent, type CallScriptStep } from './call-script';

const spec = DeciderSpecification.for(callScriptDecider);
const steps: CallScriptStep[] = [
  { id: 'quem', kind: 'identify-right-party', text: 'Falo com o titular? Confirme o CPF.' },
  { id: 'credor', kind: 'state-creditor', text: 'Falo em nome do Banco X, CNPJ 00.000.000/0001-91.' },
  { id: 'oferta', kind: 'offer', text: 'Podemos registrar uma promessa?' },
];
const publish = (s: readonly CallScriptStep[] = steps) => ({ type: 'PublishCallScript', segment: 'default', steps: s, now: at('2026-03-02', '10:00:00'), actor: ACTOR }) as const;
const published = (version: number, s: readonly CallScriptStep[] = steps): CallScriptEvent => ({
  type: 'CallScriptPublished',
  data: { segment: 'default', version, steps: s, publishedAt: at('2026-03-02', '10:00:00'), publishedBy: ACTOR },
});

describe("a segment's call script", () => {
  it('is published as version 1, then each publication is the next version, earlier ones kept', () => {
    spec.given([]).when(publish()).then([published(1)]);
    spec.given([published(1)]).when(publish()).then([published(2)]);
    const state = [published(1), published(2, [...steps].reverse().reverse())].reduce(callScriptDecider.evolve, callScriptDecider.initialState());
    expect(currentCallScript(state).version).toBe(2);
    expect(callScriptVersion(state, 1)?.steps).toEqual(steps);
    expect(callScriptVersion(state, 3)).toBeUndefined();
  });

  it('is the default script (version 0) until the tenant publishes one, and that one follows its own rules', () => {
    const none = callScriptDecider.initialState();
    expect(currentCallScript(none)).toMatchObject({ version: 0, steps: DEFAULT_CALL_SCRIPT_STEPS });
    expect(() => checkCallScriptSteps(DEFAULT_CALL_SCRIPT_STEPS)).not.toThrow();
  });

  it('must start by identifying the right party (no disclosure to third parties), naming steps[0].kind', () => {
    spec.given([]).when(publish([steps[1]!, steps[0]!])).thenThrows(ValidationError, /steps\[0\]\.kind: must be identify-right-party/);
  });

  it('must name the creditor, naming steps', () => {
    spec.given([]).when(publish([steps[0]!, steps[2]!])).thenThrows(ValidationError, /steps: must contain a state-creditor step/);
  });

  it('refuses repeated or malformed step ids and empty texts, each by its field', () => {
    expect(() => checkCallScriptSteps([...steps, { ...steps[2]!, text: ' ' }])).toThrow(/steps\[3\]\.id: repeats the id oferta.*steps\[3\]\.text/s);
    expect(() => checkCallScriptSteps([{ ...steps[0]!, id: 'Quem?' }, steps[1]!])).toThrow(/steps\[0\]\.id/);
    expect(() => checkCallScriptSteps([])).toThrow(/steps: must have from 1/);
  });
});
