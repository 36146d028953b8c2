import { countSmsSegments } from './sms-segments';

describe('countSmsSegments', () => {
  it.each([
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['Preço: 10€', 'UCS-2', 10, 1],
    ['Valor 10€ {ok}', 'GSM-7', 17, 1],
    ['é'.repeat(160), 'GSM-7', 160, 1],
    [`Não ${'a'.repeat(66)}`, 'UCS-2', 70, 1],
    [`Não ${'a'.repeat(67)}`, 'UCS-2', 71, 2],
    [`ç${'a'.repeat(133)}`, 'UCS-2', 134, 2],
    [`ç${'a'.repeat(134)}`, 'UCS-2', 135, 3],
  ])('counts %j as %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(countSmsSegments(text)).toEqual({ encoding, units, segments });
  });

  it('counts an emoji as two UCS-2 units', () => {
    expect(countSmsSegments('👍')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });
});
