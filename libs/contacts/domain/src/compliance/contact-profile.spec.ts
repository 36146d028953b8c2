import { ValidationError } from '@collections/shared-kernel';
import { BRAZILIAN_STATES, parseContactProfile } from './contact-profile';

describe('parseContactProfile', () => {
  it('gives a Brazilian debtor the zone of their UF when none is given', () => {
    expect(parseContactProfile({ country: 'BR', state: 'SP' })).toEqual({ country: 'BR', state: 'SP', timeZone: 'America/Sao_Paulo' });
    expect(parseContactProfile({ country: 'BR', state: 'ac' })).toEqual({ country: 'BR', state: 'AC', timeZone: 'America/Rio_Branco' });
  });

  it('resolves a zone for each of the 27 UFs', () => {
    for (const state of BRAZILIAN_STATES) expect(parseContactProfile({ country: 'BR', state }).timeZone).toMatch(/^America\//);
  });

  it('lets a given Brazilian zone override the UF default (Fernando de Noronha, western Amazonas)', () => {
    expect(parseContactProfile({ country: 'BR', state: 'PE', timeZone: 'America/Noronha' }).timeZone).toBe('America/Noronha');
    expect(parseContactProfile({ country: 'BR', state: 'AM', timeZone: 'America/Eirunepe' }).timeZone).toBe('America/Eirunepe');
  });

  it('refuses an unknown UF, naming the field', () => {
    expect(() => parseContactProfile({ country: 'BR', state: 'XX' })).toThrow(ValidationError);
    expect(() => parseContactProfile({ country: 'BR', state: 'XX' })).toThrow('profile.state:');
  });

  it('refuses a zone that is not Brazilian for a Brazilian debtor, or not a zone at all', () => {
    expect(() => parseContactProfile({ country: 'BR', state: 'SP', timeZone: 'America/New_York' })).toThrow('profile.timeZone:');
    expect(() => parseContactProfile({ country: 'US', timeZone: 'Mars/Olympus' })).toThrow('profile.timeZone:');
    expect(() => parseContactProfile({ country: 'US', timeZone: 'EST' })).toThrow('profile.timeZone:');
  });

  it('accepts a US profile with its IANA zone', () => {
    expect(parseContactProfile({ country: 'US', timeZone: 'America/Chicago' })).toEqual({ country: 'US', timeZone: 'America/Chicago' });
  });

  it('refuses another country, naming the field', () => {
    expect(() => parseContactProfile({ country: 'AR', timeZone: 'America/Buenos_Aires' } as never)).toThrow('profile.country:');
  });
});
